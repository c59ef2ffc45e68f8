// The account's own choice about e-mail notifications of invitations and messages.
MATCH (u:User {id: $userId})
SET u.notify_by_email = $on
RETURN u.notify_by_email AS notify
