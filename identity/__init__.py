"""Accounts, sessions, API tokens, roles and rate limits: who is asking, and what they may do.

The layer sits on kg (settings, the database) and under the API (resolvers, schema, HTTP).

- `identity.principal`: THE entry point for code that serves a request: `principal_of(request)`
  and `require(principal, Role.X)`; usable from GraphQL resolvers and plain Starlette endpoints.
- `identity.accounts`: users (sign-up, sign-in, passwords, roles, ORCID) in Neo4j.
- `identity.sessions`: server-side browser sessions and their cookie.
- `identity.tokens`: API tokens (`Authorization: Bearer`).
- `identity.csrf`: the rule a cookie-authenticated mutation must pass.
- `identity.collaboration`: invitations to collaborate, conversations and blocks between
  researchers holding claimed author records (the rules and their refusal reasons).
- `identity.ratelimits`: sign-in, sign-up and mutation limits (the `limits` library).
- `identity.passwords`, `identity.secrets`, `identity.roles`: the pieces they share.
"""
