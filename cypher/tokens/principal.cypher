// Who an API token belongs to, while it has not expired (a revoked token no longer exists).
MATCH (t:ApiToken {key: $key})-[:TOKEN_OF]->(u:User)
WHERE t.expires > datetime()
RETURN u {.id, .email, .roles, .orcid} AS user, t.id AS token_id, t.role AS token_role
