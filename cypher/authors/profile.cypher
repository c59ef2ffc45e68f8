// What an author page needs, per author: the record, the latest affiliation, the counts and the
// inputs of the trust score (kg/trust.py), the researcher's claim among them (its level, since
// when, how and when it was verified). One row per id that exists.
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
       head([(a)<-[r:CLAIMED]-(:User) | r {.level, .since, .verified_by, .verified_at}]) AS claim,
       COUNT { (a)<-[:FOLLOWS]-(:User) } AS followers,
       COUNT { (a)-[:COLLABORATES_WITH]-() } AS collaborators,
       // `+ 0.0`: an expression, so that the count expands from `a` and is never answered from
       // the collaboration_strength index (a range over the whole graph; the planner chose it
       // while a store's statistics were still those of an empty graph).
       COUNT { (a)-[c:COLLABORATES_WITH]-() WHERE c.strength + 0.0 >= $closeStrength }
         AS close_collaborators
