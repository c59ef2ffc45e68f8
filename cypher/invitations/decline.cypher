// Decline an open invitation, with the recipient's reason (or none).
MATCH (s:User)-[:SENT]->(i:Invitation {id: $id})-[:TO]->(r:User)
SET i.status = 'declined', i.decided_at = datetime(), i.open_pair = null,
    i.decline_reason = $reason
RETURN i {.id, .status, .created, .decided_at, .decline_reason, .subject_text, .subject_kind,
          .subject_id, .message, .sender_author, .recipient_author, sender: s.id,
          recipient: r.id, conversation: null} AS invitation
