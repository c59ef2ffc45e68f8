// A one-time password-reset token (issued by an admin's `kg user reset-password`).
MATCH (u:User {email: $email})
CREATE (r:PasswordReset {key: $key, created: datetime(),
                         expires: datetime() + duration({seconds: $seconds})})-[:RESET_OF]->(u)
RETURN u.id AS id
