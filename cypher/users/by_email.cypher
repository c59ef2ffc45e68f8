// The account an e-mail address (case-folded) signs in to, with its password hash.
MATCH (u:User {email: $email})
RETURN u {.id, .email, .roles, .orcid, .password_hash} AS user
