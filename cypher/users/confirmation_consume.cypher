// Use a sign-up confirmation link. It works once, before it expires, for the address it was sent
// to: the first use sets used_at (the node's write lock makes two uses at once one use) and the
// account's email_confirmed; the node stays so that a replay is told it was used.
MATCH (c:EmailConfirmation {key: $key})-[:CONFIRMS]->(u:User)
SET c._lock = true
REMOVE c._lock
WITH c, u, c.used_at IS NOT NULL AS used, c.expires <= datetime() AS expired,
     c.address = u.email AS current
WITH c, u, used, expired, current, NOT used AND NOT expired AND current AS valid
SET c.used_at = CASE WHEN valid THEN datetime() ELSE c.used_at END,
    u.email_confirmed = CASE WHEN valid THEN coalesce(u.email_confirmed, datetime())
                             ELSE u.email_confirmed END
RETURN u.email AS email, used, expired, current
