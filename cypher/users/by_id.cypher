MATCH (u:User {id: $id})
RETURN u {.id, .email, .roles, .orcid, .password_hash} AS user
