// Sign in with a verified ORCID iD: the account that holds it, created on first sign-in.
// MERGE on the unique `orcid` makes two first sign-ins at once end in one account.
MERGE (u:User {orcid: $orcid})
  ON CREATE SET u.id = randomUUID(), u.created_at = datetime(), u.name = $name
SET u.orcid_verified_at = datetime()
RETURN u.id AS id, u.created_at = u.orcid_verified_at AS created
