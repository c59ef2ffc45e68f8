// An invitation about to be accepted or declined, under its write lock (taken by the SET before
// anything is read, so two decisions at once run one after the other and the second sees the
// first's status). No row when the invitation does not exist.
MATCH (s:User)-[:SENT]->(i:Invitation {id: $id})-[:TO]->(r:User)
SET i.decision_lock = datetime()
WITH s, i, r
RETURN i.status AS status, s.id AS sender, r.id AS recipient,
       CASE WHEN s.id < r.id THEN s.id + '|' + r.id ELSE r.id + '|' + s.id END AS pair,
       EXISTS { (s)-[:BLOCKED]-(r) } AS blocked
