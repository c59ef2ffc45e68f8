// A new account. The e-mail address is case-folded by the caller; the constraint user_email
// refuses a second account with the same address (ConstraintError), also under concurrency.
CREATE (u:User {
  id: $id, email: $email, password_hash: $passwordHash, roles: $roles,
  created: datetime(), password_changed: datetime()
})
RETURN u {.id, .email, .roles, .orcid} AS user
