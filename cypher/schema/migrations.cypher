// Data moved by a change of the model, idempotent, run with the schema at every start.
// Authorship rejections once kept their author's account id as `by`; the rejection is public
// now and who made it is the private (:User)-[:REJECTED_AUTHORSHIP]->(:AuthorshipRejection).
MATCH (r:AuthorshipRejection) WHERE r.by IS NOT NULL
OPTIONAL MATCH (u:User {id: r.by})
FOREACH (_ IN CASE WHEN u IS NULL THEN [] ELSE [1] END |
  MERGE (u)-[b:REJECTED_AUTHORSHIP]->(r) ON CREATE SET b.at = r.at)
REMOVE r.by;
