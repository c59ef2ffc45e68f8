// The holder of an active L2 claim asks an admin to verify it from the evidence given.
MATCH (u:User {id: $userId})<-[:CLAIM_BY]-(c:Claim {status: 'ACTIVE'})
WHERE c.open_user = u.id
SET c.review = 'PENDING', c.review_kind = 'VERIFICATION', c.review_requested_at = datetime(),
    c.evidence = $evidence, c.reason = null, c.decided_at = null, c.decided_by = null
CREATE (:ClaimEvent {at: datetime(), action: 'review requested', actor: u.id,
                     detail: $evidence})-[:EVENT_OF]->(c)
RETURN c.id AS id
