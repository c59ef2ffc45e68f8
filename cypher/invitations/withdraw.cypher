// Withdraw an open invitation (its sender's decision; identity/collaboration.py checked it under
// the lock invitations/decision_state took): it closes, and the pair may invite again.
MATCH (s:User)-[:SENT]->(i:Invitation {id: $id})-[:TO]->(r:User)
SET i.status = 'withdrawn', i.decided_at = datetime(), i.open_pair = null
RETURN i {.id, .status, .created, .decided_at, .decline_reason, .subject_text, .subject_kind,
          .subject_id, .message, .sender_author, .recipient_author, sender: s.id,
          recipient: r.id, conversation: null} AS invitation
