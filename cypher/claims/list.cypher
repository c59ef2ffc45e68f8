// Claims with their account, author and audit trail, newest first: an account's own
// ($userId), one claim ($claimId), or the admins' review queue ($pending: review PENDING).
MATCH (c:Claim)-[:CLAIM_BY]->(u:User)
WHERE ($userId IS NULL OR u.id = $userId)
  AND ($claimId IS NULL OR c.id = $claimId)
  AND ($pending IS NULL OR (c.review = 'PENDING') = $pending)
MATCH (c)-[:CLAIM_OF]->(a:Author)
WITH c, u, a
ORDER BY coalesce(c.review_requested_at, c.created) DESC, c.id ASC
LIMIT $first
OPTIONAL MATCH (a)<-[:CLAIMED]-(holder:User)
CALL (c) {
  OPTIONAL MATCH (e:ClaimEvent)-[:EVENT_OF]->(c)
  WITH e ORDER BY e.at ASC
  RETURN collect(e {.at, .action, .actor, .detail}) AS events
}
RETURN c {.id, .created, .status, .level, .verified_by, .verified_at, .evidence, .review,
          .review_kind, .review_requested_at, .decided_at, .decided_by, .reason,
          .closed_at} AS claim,
       u {.id, .email, .orcid} AS user,
       a {.id, .name, .orcid} AS author,
       holder.id AS holder,
       events
