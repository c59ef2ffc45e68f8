// Who a session cookie belongs to, while the session is neither past its absolute expiry nor idle
// for longer than allowed. `stale`: last_seen is old enough to be worth a write.
MATCH (s:Session {key: $key})-[:SESSION_OF]->(u:User)
WHERE s.expires > datetime() AND s.last_seen > datetime() - duration({seconds: $idleSeconds})
RETURN u {.id, .email, .roles, .orcid} AS user,
       s.csrf_key AS csrf_key,
       s.last_seen < datetime() - duration({seconds: $touchSeconds}) AS stale
