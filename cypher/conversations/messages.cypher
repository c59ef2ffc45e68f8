// A conversation's messages in order, after message number $after; only for a participant.
MATCH (:User {id: $userId})-[:PARTICIPATES_IN]->(c:Conversation {id: $id})
RETURN c.last_seq AS total, COLLECT {
  MATCH (w:User)-[:WROTE]->(m:Message)-[:IN]->(c)
  WHERE $after IS NULL OR m.seq > $after
  WITH w, m ORDER BY m.seq LIMIT $first
  RETURN m {.id, .seq, .body, .sent, sender: w.id}
} AS page
