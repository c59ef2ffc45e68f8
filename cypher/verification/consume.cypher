// Use a confirmation link. It works once, before it expires, for a claim still active: the
// first use sets used_at (the node's write lock makes two uses at once one use); the node
// stays so that a replay is told it was used.
MATCH (v:EmailVerification {key: $key})-[:VERIFIES]->(c:Claim)-[:CLAIM_BY]->(u:User)
SET v._lock = true
REMOVE v._lock
WITH v, c, u, v.used_at IS NOT NULL AS used, v.expires <= datetime() AS expired,
     c.status = 'ACTIVE' AS active
SET v.used_at = CASE WHEN NOT used AND NOT expired AND active THEN datetime() ELSE v.used_at END
RETURN c.id AS claim_id, u.id AS user_id, v.address AS address, v.institution AS institution,
       used, expired, active
