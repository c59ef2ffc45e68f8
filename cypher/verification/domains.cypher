// The homepages of the institutions the account's claimed record is affiliated with (OpenAlex
// `homepage_url`): their domains vouch for an institutional e-mail address.
MATCH (u:User {id: $userId})<-[:CLAIM_BY]-(c:Claim {status: 'ACTIVE'})-[:CLAIM_OF]->(a:Author)
WHERE c.open_user = u.id
OPTIONAL MATCH (a)-[:AFFILIATED_WITH]->(i:Institution)
RETURN c {.id, .level} AS claim,
       a.id AS author_id,
       [x IN collect(i {.id, .name, .homepage_url}) WHERE x.id IS NOT NULL] AS institutions
