// Accept an open invitation: it closes, and the two accounts get a conversation (the constraint
// conversation_open_pair keeps one open conversation per pair).
MATCH (s:User)-[:SENT]->(i:Invitation {id: $id})-[:TO]->(r:User)
SET i.status = 'accepted', i.decided_at = datetime(), i.open_pair = null
CREATE (c:Conversation {
  id: $conversationId, created: datetime(), last_seq: 0, open_pair: $pair,
  subject_text: i.subject_text, subject_kind: i.subject_kind, subject_id: i.subject_id
})
CREATE (i)-[:OPENED]->(c)
CREATE (s)-[:PARTICIPATES_IN {author: i.sender_author, read_upto: 0}]->(c)
CREATE (r)-[:PARTICIPATES_IN {author: i.recipient_author, read_upto: 0}]->(c)
RETURN i {.id, .status, .created, .decided_at, .decline_reason, .subject_text, .subject_kind,
          .subject_id, .message, .sender_author, .recipient_author, sender: s.id,
          recipient: r.id, conversation: c.id} AS invitation
