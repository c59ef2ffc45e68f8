// The next message of a conversation (numbered under the lock conversations/state took); the
// sender's read marker moves to it. `recipient` and `recipient_read_upto` (the other
// participant's marker before this message) tell identity/notifications.py whether to mail them.
MATCH (me:User {id: $userId})-[p:PARTICIPATES_IN]->(c:Conversation {id: $id})
MATCH (other:User)-[op:PARTICIPATES_IN]->(c)
WHERE other <> me
SET c.last_seq = c.last_seq + 1, c.last_message_at = datetime()
CREATE (me)-[:WROTE]->(m:Message {id: $messageId, seq: c.last_seq, body: $body,
                                  sent: datetime()})-[:IN]->(c)
SET p.read_upto = m.seq, p.read_at = m.sent
RETURN m {.id, .seq, .body, .sent, sender: me.id, sender_author: p.author,
          recipient: other.id, recipient_read_upto: op.read_upto} AS message
