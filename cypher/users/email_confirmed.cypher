// When the account confirmed its address by the sign-up link (null: not yet).
MATCH (u:User {id: $userId})
RETURN u.email_confirmed AS confirmed
