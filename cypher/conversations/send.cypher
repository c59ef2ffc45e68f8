// The next message of a conversation (numbered under the lock conversations/state took); the
// sender's read marker moves to it.
MATCH (me:User {id: $userId})-[p:PARTICIPATES_IN]->(c:Conversation {id: $id})
SET c.last_seq = c.last_seq + 1, c.last_message_at = datetime()
CREATE (me)-[:WROTE]->(m:Message {id: $messageId, seq: c.last_seq, body: $body,
                                  sent: datetime()})-[:IN]->(c)
SET p.read_upto = m.seq, p.read_at = m.sent
RETURN m {.id, .seq, .body, .sent, sender: me.id} AS message
