// An account's tokens (expired ones too, until revoked), newest first.
MATCH (t:ApiToken)-[:TOKEN_OF]->(u:User {id: $userId})
RETURN t {.id, .name, .role, .created, .expires} AS token
ORDER BY t.created DESC, t.id
