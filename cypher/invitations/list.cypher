// An account's invitations, newest first (keyset: created, then id), sent, received or both
// ($direction 'sent' | 'received' | null), of one status or any ($status null).
MATCH (me:User {id: $userId})
CALL (me) {
  MATCH (s:User)-[:SENT]->(i:Invitation)-[:TO]->(r:User)
  WHERE (s = me AND coalesce($direction, 'sent') = 'sent')
     OR (r = me AND coalesce($direction, 'received') = 'received')
  WITH i WHERE $status IS NULL OR i.status = $status
  RETURN count(i) AS total
}
RETURN total, COLLECT {
  MATCH (s:User)-[:SENT]->(i:Invitation)-[:TO]->(r:User)
  WHERE (s = me AND coalesce($direction, 'sent') = 'sent')
     OR (r = me AND coalesce($direction, 'received') = 'received')
  WITH s, i, r WHERE ($status IS NULL OR i.status = $status)
    AND ($after IS NULL OR i.created < datetime($after[0])
         OR (i.created = datetime($after[0]) AND i.id > $after[1]))
  WITH s, i, r ORDER BY i.created DESC, i.id ASC LIMIT $first
  RETURN i {.id, .status, .created, .decided_at, .decline_reason, .subject_text, .subject_kind,
            .subject_id, .message, .sender_author, .recipient_author, sender: s.id,
            recipient: r.id,
            conversation: COLLECT { MATCH (i)-[:OPENED]->(c:Conversation) RETURN c.id }[0]}
} AS page
