// Every account, oldest first (kg user list).
MATCH (u:User)
RETURN u {.id, .email, .roles, .orcid, .created} AS user
ORDER BY u.created, u.id
