// The account gives up its open claim: an active one is RELEASED (its CLAIMED relationship goes,
// a.claimed follows), one in review is WITHDRAWN. The claim node stays, with an event.
MATCH (u:User {id: $userId})
SET u._claim_lock = true
REMOVE u._claim_lock
WITH u
MATCH (u)<-[:CLAIM_BY]-(c:Claim)-[:CLAIM_OF]->(a:Author) WHERE c.open_user IS NOT NULL
SET a._claim_lock = true
REMOVE a._claim_lock
WITH u, c, a, c.status = 'ACTIVE' AS active
SET c.status = CASE WHEN active THEN 'RELEASED' ELSE 'WITHDRAWN' END,
    c.closed_at = datetime(),
    c.review = CASE WHEN c.review = 'PENDING' THEN 'WITHDRAWN' ELSE c.review END,
    c.active_author = null,
    c.open_user = null
CREATE (:ClaimEvent {at: datetime(), action: toLower(c.status), actor: u.id,
                     detail: $detail})-[:EVENT_OF]->(c)
WITH u, a, c
OPTIONAL MATCH (u)-[r:CLAIMED]->(a)
DELETE r
WITH a, c
SET a.claimed = EXISTS { (a)<-[:CLAIMED]-(:User) }
RETURN c.id AS id
