// A new password (changed or reset): every session of the account ends, and so does every
// outstanding reset token. API tokens stay (revoke them with revokeApiToken / kg token revoke).
MATCH (u:User {id: $id})
SET u.password_hash = $passwordHash, u.password_changed = datetime()
WITH u
CALL (u) {
  OPTIONAL MATCH (s:Session)-[:SESSION_OF]->(u)
  DETACH DELETE s
}
CALL (u) {
  OPTIONAL MATCH (r:PasswordReset)-[:RESET_OF]->(u)
  DETACH DELETE r
}
RETURN u.id AS id
