// Whether the account wants e-mail about invitations and messages (absent: yes, the default).
MATCH (u:User {id: $userId})
RETURN coalesce(u.notify_by_email, true) AS notify
