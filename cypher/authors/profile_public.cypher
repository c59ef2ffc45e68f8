// The author page's profile panel as an analyst may run it (POST /cypher): authors/profile
// without the two columns it reads from accounts, which are private (docs/graph-model.md): the
// claim's details (`claim`, from the account's CLAIMED relationship; whether the record is
// claimed is `author.claimed`) and the follower count (`followers`, from FOLLOWS). Every other
// column is computed as authors/profile computes it (tests/test_analyst_panels.py compares them).
UNWIND $ids AS id
MATCH (a:Author {id: id})
CALL (a) {
  OPTIONAL MATCH (a)-[r:AFFILIATED_WITH]->(i:Institution)
  WITH i, r ORDER BY coalesce(r.years[-1], -1) DESC, i.id ASC
  LIMIT 1
  RETURN CASE WHEN i IS NULL THEN null
         ELSE i {.id, .name, .ror, .country_code, .type} END AS affiliation
}
CALL (a) {
  OPTIONAL MATCH (a)-[:AUTHORED]->(w:Work)
  WHERE NOT EXISTS { MATCH (:AuthorshipRejection {key: a.id + '|' + w.id}) }
  RETURN count(w) AS works, coalesce(sum(w.cited_by_count), 0) AS citations
}
CALL (a) {
  OPTIONAL MATCH (a)-[:AUTHORED]->(:Work)-[:HAS_TOPIC]->(t:Topic)
  RETURN count(DISTINCT t) AS topics
}
RETURN a {.id, .name, .orcid, .unresolved, .open_to_collaborate, .claimed, .description,
          .open_to_collaborate_set_at, .description_set_at, .updated} AS author,
       affiliation,
       works,
       citations,
       topics,
       COUNT { (a)-[:COLLABORATES_WITH]-() } AS collaborators,
       COUNT { (a)-[c:COLLABORATES_WITH]-() WHERE c.strength >= $closeStrength } AS close_collaborators
