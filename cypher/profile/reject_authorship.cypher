// The holder of a record says a work attached to it is not theirs, with the reason: kept in a
// private node that loads never touch, so a reload that attaches the work again changes nothing.
// Nothing when the account holds no record or the record has no such work.
MATCH (u:User {id: $userId})-[:CLAIMED]->(a:Author)-[:AUTHORED]->(w:Work {id: $workId})
MERGE (r:AuthorshipRejection {key: a.id + '|' + w.id})
  ON CREATE SET r.author = a.id, r.work = w.id, r.at = datetime()
SET r.reason = $reason, r.by = u.id
RETURN a.id AS author_id
