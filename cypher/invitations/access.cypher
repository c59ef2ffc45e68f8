// What decides whether an account may invite the holder of an author record
// (identity/collaboration.py, `lock_of`): no row when the author does not exist. `pair` is the two
// accounts' ids in order, the key of "one open invitation per pair" in either direction.
MATCH (target:Author {id: $authorId})
OPTIONAL MATCH (viewer:User {id: $userId})
CALL (viewer) {
  OPTIONAL MATCH (viewer)-[c:CLAIMED]->(own:Author)
  WHERE c.level IN ['L2', 'L3']
  RETURN own.id AS own_author
  LIMIT 1
}
CALL (target) {
  OPTIONAL MATCH (holder:User)-[c:CLAIMED]->(target)
  WHERE c.level IN ['L2', 'L3']
  RETURN holder
  LIMIT 1
}
WITH target, viewer, own_author, holder,
     CASE WHEN viewer.id < holder.id THEN viewer.id + '|' + holder.id
          ELSE holder.id + '|' + viewer.id END AS pair
RETURN target.id AS author_id,
       own_author,
       holder.id AS recipient,
       pair,
       coalesce(target.open_to_collaborate, false) AS open,
       coalesce(EXISTS { (viewer)-[:BLOCKED]-(holder) }, false) AS blocked,
       coalesce(EXISTS { MATCH (i:Invitation {open_pair: pair}) }, false) AS open_invitation,
       coalesce(EXISTS { MATCH (c:Conversation {open_pair: pair}) }, false) AS open_conversation,
       COUNT { MATCH (viewer)-[:SENT]->(i:Invitation)
               WHERE i.created > datetime() - duration('P1D') } AS sent_today,
       COLLECT { MATCH (viewer)-[:SENT]->(i:Invitation)
                 WHERE i.created > datetime() - duration('P1D')
                 RETURN i.created ORDER BY i.created LIMIT 1 }[0] AS oldest_today
