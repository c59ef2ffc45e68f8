// Take a role away from an account; idempotent.
MATCH (u:User {email: $email})
SET u.roles = [role IN coalesce(u.roles, []) WHERE role <> $role]
RETURN u {.id, .email, .roles, .orcid} AS user
