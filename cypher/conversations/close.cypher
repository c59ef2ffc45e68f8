// Close a conversation (idempotent: the first close is kept); the pair may then be invited again.
MATCH (me:User {id: $userId})-[:PARTICIPATES_IN]->(c:Conversation {id: $id})
SET c.closed_by = coalesce(c.closed_by, me.id), c.closed_at = coalesce(c.closed_at, datetime()),
    c.open_pair = null
RETURN c.id AS id
