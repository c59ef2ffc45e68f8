// The outbox, newest first; optionally only the messages to one address.
MATCH (m:OutboxMail)
WHERE $to IS NULL OR m.to = $to
RETURN m {.id, .created, .to, .subject, .kind, .body, .delivery, .error} AS mail
ORDER BY m.created DESC, m.id DESC
LIMIT $first
