// One more entry in a claim's audit trail.
MATCH (c:Claim {id: $claimId})
CREATE (:ClaimEvent {at: datetime(), action: $action, actor: $actor, detail: $detail})-[:EVENT_OF]->(c)
