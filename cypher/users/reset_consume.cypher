// Use a reset token: it goes whether or not it is still valid; the account when it was.
MATCH (r:PasswordReset {key: $key})-[:RESET_OF]->(u:User)
WITH r, u, r.expires > datetime() AS valid
DETACH DELETE r
RETURN CASE WHEN valid THEN u.id END AS id
