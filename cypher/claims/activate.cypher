// A claim in review becomes the record's active claim (an admin approved it): CLAIMED at
// $level, verified by review when L3. The holder, if any, was revoked first (claims/revoke_holder).
MATCH (c:Claim {id: $claimId, status: 'IN_REVIEW'})-[:CLAIM_BY]->(u:User)
MATCH (c)-[:CLAIM_OF]->(a:Author)
SET c.status = 'ACTIVE', c.level = $level, c.active_author = a.id,
    c.verified_by = CASE WHEN $level = 'L3' THEN 'review' END,
    c.verified_at = CASE WHEN $level = 'L3' THEN datetime() END,
    c.review = 'APPROVED', c.decided_at = datetime(), c.decided_by = $adminId, c.reason = $reason
CREATE (:ClaimEvent {at: datetime(), action: 'approved', actor: $adminId,
                     detail: $reason})-[:EVENT_OF]->(c)
CREATE (u)-[r:CLAIMED {level: $level, since: datetime()}]->(a)
SET r.verified_by = c.verified_by, r.verified_at = c.verified_at, a.claimed = true
RETURN c.id AS id
