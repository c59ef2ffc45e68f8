// A claim an admin decides on, under write locks on its account and its author (in that order,
// as claims/lock takes them): its state and who holds the record now.
MATCH (c:Claim {id: $claimId})-[:CLAIM_BY]->(u:User)
MATCH (c)-[:CLAIM_OF]->(a:Author)
SET u._claim_lock = true, a._claim_lock = true
REMOVE u._claim_lock, a._claim_lock
WITH c, u, a
OPTIONAL MATCH (a)<-[:CLAIMED]-(holder:User)
RETURN c {.id, .status, .level, .review, .review_kind} AS claim,
       u.id AS user_id,
       a.id AS author_id,
       holder.id AS holder
