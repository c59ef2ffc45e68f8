// Whom to tell about an invitation, its acceptance or a new message (identity/notifications.py):
// the recipient's address, when the recipient has one, wants e-mail (`notify_by_email`, absent:
// yes) and no block stands between the two accounts, either way. No row: nobody to tell.
MATCH (to:User {id: $toId}), (from:User {id: $fromId})
WHERE to.email IS NOT NULL AND coalesce(to.notify_by_email, true)
  AND NOT EXISTS { (to)-[:BLOCKED]-(from) }
OPTIONAL MATCH (a:Author {id: $fromAuthor})
RETURN to.email AS email, coalesce(a.name, 'A researcher') AS sender_name
