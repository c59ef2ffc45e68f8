// The session was used: its idle clock starts again.
MATCH (s:Session {key: $key})
SET s.last_seen = datetime()
