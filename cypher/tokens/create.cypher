// A new API token; only the SHA-256 of its secret is stored (key).
MATCH (u:User {id: $userId})
CREATE (t:ApiToken {id: $id, key: $key, name: $name, role: $role, created: datetime(),
                    expires: datetime() + duration({days: $days})})-[:TOKEN_OF]->(u)
RETURN t {.id, .name, .role, .created, .expires} AS token
