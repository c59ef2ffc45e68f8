// Link a verified ORCID iD to a signed-in user's account, unless another account holds it or the
// account holds another iD already (both are answered, never overwritten).
MATCH (u:User {id: $userId})
OPTIONAL MATCH (other:User {orcid: $orcid}) WHERE other <> u
WITH u, other, u.orcid AS before
FOREACH (_ IN CASE WHEN other IS NULL AND coalesce(before, $orcid) = $orcid THEN [1] ELSE [] END |
  SET u.orcid = $orcid, u.orcid_verified_at = datetime()
)
RETURN u {.id, .email, .roles, .orcid} AS user, before, other IS NOT NULL AS taken
