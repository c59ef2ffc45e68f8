// The pending sign-in of a state, deleted as it is read: a state (and its nonce and PKCE verifier)
// serves once. An expired one is not returned.
MATCH (p:OidcPending {state: $state})
WITH p, p {.state, .nonce, .code_verifier, .next, .link_user, .expires_at} AS pending
DELETE p
WITH pending WHERE pending.expires_at >= datetime()
RETURN pending
