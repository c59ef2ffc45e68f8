// The account that holds a verified ORCID iD, created (without e-mail or password) when there is
// none. MERGE on the constrained property is atomic, so two sign-ins at once make one account.
MERGE (u:User {orcid: $orcid})
  ON CREATE SET u.id = $id, u.roles = [], u.created = datetime(), u.password_changed = datetime()
SET u.orcid_verified_at = datetime()  // when its holder last proved it (Sign in with ORCID)
RETURN u {.id, .email, .roles, .orcid} AS user, u.id = $id AS created
