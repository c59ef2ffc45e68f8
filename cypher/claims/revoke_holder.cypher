// An admin gives a record to another claimant: the holder's active claim is REVOKED with the
// reason (its CLAIMED relationship goes). Nothing when nobody holds the record.
MATCH (a:Author {id: $authorId})<-[r:CLAIMED]-(holder:User)
MATCH (holder)<-[:CLAIM_BY]-(c:Claim {active_author: a.id})
SET holder._claim_lock = true
REMOVE holder._claim_lock
SET c.status = 'REVOKED', c.closed_at = datetime(), c.reason = $reason,
    c.decided_at = datetime(), c.decided_by = $adminId,
    c.review = CASE WHEN c.review = 'PENDING' THEN 'SUPERSEDED' ELSE c.review END,
    c.active_author = null, c.open_user = null
CREATE (:ClaimEvent {at: datetime(), action: 'revoked', actor: $adminId,
                     detail: $reason})-[:EVENT_OF]->(c)
DELETE r
SET a.claimed = false
RETURN c.id AS id
