// A new claim: ACTIVE (with the account's CLAIMED relationship, a.claimed mirroring it) when the
// record is free, IN_REVIEW (an admin decides; nothing replaced) when another account holds it.
// active_author / open_user are set only while the claim is active / open: their uniqueness
// constraints (cypher/schema/constraints.cypher) make one record <-> one account hold in Neo4j.
MATCH (u:User {id: $userId})
MATCH (a:Author {id: $authorId})
CREATE (c:Claim {
  id: $claimId,
  created: datetime(),
  status: $status,
  level: $level,
  verified_by: $verifiedBy,
  verified_at: CASE WHEN $verifiedBy IS NULL THEN null ELSE datetime() END,
  evidence: $evidence,
  review: CASE WHEN $status = 'IN_REVIEW' THEN 'PENDING' END,
  review_kind: CASE WHEN $status = 'IN_REVIEW' THEN 'CONTESTED' END,
  review_requested_at: CASE WHEN $status = 'IN_REVIEW' THEN datetime() END,
  active_author: CASE WHEN $status = 'ACTIVE' THEN a.id END,
  open_user: u.id
})
CREATE (c)-[:CLAIM_BY]->(u)
CREATE (c)-[:CLAIM_OF]->(a)
CREATE (:ClaimEvent {at: datetime(), action: $action, actor: u.id, detail: $detail})-[:EVENT_OF]->(c)
WITH u, a, c
CALL (u, a, c) {
  WITH u, a, c WHERE c.status = 'ACTIVE'
  CREATE (u)-[r:CLAIMED {level: c.level, since: c.created}]->(a)
  SET r.verified_by = c.verified_by, r.verified_at = c.verified_at, a.claimed = true
}
RETURN c.id AS id
