// A new open invitation (identity/collaboration.py has checked every rule under the sender's
// lock; the constraint invitation_open_pair refuses a second open one for the pair).
MATCH (s:User {id: $userId}), (r:User {id: $recipientId})
CREATE (s)-[:SENT]->(i:Invitation {
  id: $id, status: 'open', open_pair: $pair, created: datetime(),
  subject_text: $subjectText, subject_kind: $subjectKind, subject_id: $subjectId,
  message: $message, sender_author: $senderAuthor, recipient_author: $recipientAuthor
})-[:TO]->(r)
RETURN i {.id, .status, .created, .decided_at, .decline_reason, .subject_text, .subject_kind,
          .subject_id, .message, .sender_author, .recipient_author, sender: s.id,
          recipient: r.id, conversation: null} AS invitation
