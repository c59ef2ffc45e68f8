// An account's conversations, newest first (keyset: created, then id); $status 'open' |
// 'closed' | null (both).
MATCH (me:User {id: $userId})
CALL (me) {
  MATCH (me)-[:PARTICIPATES_IN]->(c:Conversation)
  WHERE $status IS NULL OR ($status = 'open') = (c.closed_at IS NULL)
  RETURN count(c) AS total
}
RETURN total, COLLECT {
  MATCH (me)-[:PARTICIPATES_IN]->(c:Conversation)
  WHERE ($status IS NULL OR ($status = 'open') = (c.closed_at IS NULL))
    AND ($after IS NULL OR c.created < datetime($after[0])
         OR (c.created = datetime($after[0]) AND c.id > $after[1]))
  WITH c ORDER BY c.created DESC, c.id ASC LIMIT $first
  RETURN c {.id, .created, .closed_at, .closed_by, .last_seq, .last_message_at, .subject_text,
            .subject_kind, .subject_id,
            participants: COLLECT { MATCH (u:User)-[p:PARTICIPATES_IN]->(c)
                                    RETURN {user: u.id, author: p.author, read_upto: p.read_upto,
                                            read_at: p.read_at} ORDER BY u.id }}
} AS page
