// A sign-up confirmation link for the account's address (identity/confirmation.py): only the
// SHA-256 of its token is kept. No row when the account has no address or confirmed it already.
MATCH (u:User {id: $userId})
WHERE u.email IS NOT NULL AND u.email_confirmed IS NULL
CREATE (c:EmailConfirmation {key: $key, address: u.email, created: datetime(),
                             expires: datetime() + duration({seconds: $seconds})})-[:CONFIRMS]->(u)
RETURN u.email AS email
