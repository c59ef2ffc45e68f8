// The sender's write lock, taken first in the transaction that creates an invitation: one
// account's invitations are decided one at a time, so the daily count and the open-pair check
// that follow (invitations/access) see every earlier one.
MATCH (u:User {id: $userId})
SET u.invitations_changed = datetime()
RETURN u.id AS id
