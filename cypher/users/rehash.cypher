// The same password under new Argon2 parameters (after a successful sign-in); sessions stay.
MATCH (u:User {id: $id})
SET u.password_hash = $passwordHash
