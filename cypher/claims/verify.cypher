// An active claim verified (L3) by $method: 'orcid' (the account's ORCID iD is the record's),
// 'email' (a confirmed institutional address) or 'review' (an admin approved the evidence).
// The claim and its CLAIMED relationship both say how and when; an event keeps it.
MATCH (c:Claim {id: $claimId, status: 'ACTIVE'})-[:CLAIM_BY]->(u:User)
MATCH (c)-[:CLAIM_OF]->(a:Author)
MATCH (u)-[r:CLAIMED]->(a)
SET c.level = 'L3', c.verified_by = $method, c.verified_at = datetime(),
    r.level = 'L3', r.verified_by = $method, r.verified_at = c.verified_at
SET c.review = CASE WHEN c.review = 'PENDING' THEN
                 CASE WHEN $method = 'review' THEN 'APPROVED' ELSE 'SUPERSEDED' END
               ELSE c.review END,
    c.decided_at = CASE WHEN $method = 'review' THEN datetime() ELSE c.decided_at END,
    c.decided_by = CASE WHEN $method = 'review' THEN $actor ELSE c.decided_by END,
    c.reason = CASE WHEN $method = 'review' THEN $detail ELSE c.reason END
CREATE (:ClaimEvent {at: datetime(), action: 'verified', actor: $actor,
                     detail: $detail})-[:EVENT_OF]->(c)
RETURN c.id AS id
