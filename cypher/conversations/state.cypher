// A conversation of this account about to change (a message, closing it), under the
// conversation's write lock: messages are numbered one after the other. No row when the account
// takes no part in it (a third account, whatever its role, learns nothing).
MATCH (me:User {id: $userId})-[:PARTICIPATES_IN]->(c:Conversation {id: $id})
MATCH (other:User)-[:PARTICIPATES_IN]->(c)
WHERE other <> me
SET c.lock = datetime()
WITH me, other, c
RETURN c.closed_at IS NOT NULL AS closed, EXISTS { (me)-[:BLOCKED]-(other) } AS blocked
