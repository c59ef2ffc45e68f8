// Move this account's read marker forward to $upTo (null: the last message); never back.
MATCH (:User {id: $userId})-[p:PARTICIPATES_IN]->(c:Conversation {id: $id})
WITH p, c, CASE WHEN $upTo IS NULL OR $upTo > c.last_seq THEN c.last_seq ELSE $upTo END AS upto
SET p.read_upto = CASE WHEN upto > p.read_upto THEN upto ELSE p.read_upto END,
    p.read_at = datetime()
RETURN c.id AS id
