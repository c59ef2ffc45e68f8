// The holder of a record says a work attached to it is not theirs, with the reason: kept in a
// node that loads never touch, so a reload that attaches the work again changes nothing. The
// rejection is public (every author page shows it); who made it is private: the account's
// REJECTED_AUTHORSHIP relationship, not a property of the node (docs/graph-model.md).
// Nothing when the account holds no record or the record has no such work.
MATCH (u:User {id: $userId})-[:CLAIMED]->(a:Author)-[:AUTHORED]->(w:Work {id: $workId})
MERGE (r:AuthorshipRejection {key: a.id + '|' + w.id})
  ON CREATE SET r.author = a.id, r.work = w.id, r.at = datetime()
SET r.reason = $reason
MERGE (u)-[b:REJECTED_AUTHORSHIP]->(r)
SET b.at = datetime()
RETURN a.id AS author_id
