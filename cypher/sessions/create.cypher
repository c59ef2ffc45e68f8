// A new browser session for an account; the id itself is never stored, only its SHA-256 (key).
// The account's expired sessions are cleared on the way.
MATCH (u:User {id: $userId})
CALL (u) {
  OPTIONAL MATCH (old:Session)-[:SESSION_OF]->(u)
  WHERE old.expires <= datetime()
     OR old.last_seen <= datetime() - duration({seconds: $idleSeconds})
  DETACH DELETE old
}
CREATE (s:Session {key: $key, csrf_key: $csrfKey, created: datetime(), last_seen: datetime(),
                   expires: datetime() + duration({seconds: $absoluteSeconds})})-[:SESSION_OF]->(u)
RETURN u {.id, .email, .roles, .orcid} AS user
