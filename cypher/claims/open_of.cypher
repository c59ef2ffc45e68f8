// The account's open claim (ACTIVE or IN_REVIEW), with what its verification paths need.
MATCH (u:User {id: $userId})<-[:CLAIM_BY]-(c:Claim)-[:CLAIM_OF]->(a:Author)
WHERE c.open_user = u.id
RETURN c {.id, .status, .level, .review} AS claim,
       a.id AS author_id,
       u.orcid IS NOT NULL AND u.orcid = a.orcid AS orcid_match,
       u.orcid AS user_orcid,
       a.orcid AS author_orcid
