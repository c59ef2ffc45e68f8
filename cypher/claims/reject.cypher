// An admin refuses what is in review, with the reason kept: a contested claim is REJECTED (closed);
// a verification request leaves the claim active at L2 with the review REJECTED.
MATCH (c:Claim {id: $claimId, review: 'PENDING'})
SET c.review = 'REJECTED', c.decided_at = datetime(), c.decided_by = $adminId, c.reason = $reason
SET c.status = CASE WHEN c.status = 'IN_REVIEW' THEN 'REJECTED' ELSE c.status END
SET c.closed_at = CASE WHEN c.status = 'REJECTED' THEN datetime() ELSE c.closed_at END,
    c.open_user = CASE WHEN c.status = 'REJECTED' THEN null ELSE c.open_user END
CREATE (:ClaimEvent {at: datetime(), action: 'rejected', actor: $adminId,
                     detail: $reason})-[:EVENT_OF]->(c)
RETURN c.id AS id
