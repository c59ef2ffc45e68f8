// The author page in one statement (schema/query.py folds it when a lookup by id selects
// profile fields and a first page of `works` with the default filter and order): the rows of
// cypher/authors/profile.cypher, plus the page of cypher/authors/works.cypher ($limit, $afterKey,
// $afterId, $yearFrom, $yearTo, $type, $topicId, $field, $descending as there) as works_total and
// works_rows, each row with its work's venue (as cypher/works/venues.cypher picks it) when
// $venues. Both parts are copies of those files' subqueries, so the answers are the same.
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
CALL (a) {
  MATCH (a)-[:AUTHORED]->(w:Work)
  WHERE NOT EXISTS { MATCH (:AuthorshipRejection {key: a.id + '|' + w.id}) }
    AND ($yearFrom IS NULL OR w.year >= $yearFrom)
    AND ($yearTo IS NULL OR w.year <= $yearTo)
    AND ($type IS NULL OR w.type = $type)
    AND ($topicId IS NULL
         OR EXISTS { (w)-[:HAS_TOPIC]->(:Topic)-[:SUBTOPIC_OF*0..3]->(:Topic {id: $topicId}) })
  WITH w, CASE $field WHEN 'CITATIONS' THEN coalesce(w.cited_by_count, 0)
                      ELSE coalesce(w.year, -1) END AS value
  WITH w, CASE WHEN $descending THEN -value ELSE value END AS key
  ORDER BY key ASC, w.id ASC
  WITH collect({key: key, w: w}) AS candidates
  RETURN size(candidates) AS works_total,
         [x IN candidates WHERE $afterId IS NULL OR x.key > $afterKey
                         OR (x.key = $afterKey AND x.w.id > $afterId)][..$limit] AS page
}
CALL (page) {
  UNWIND page AS x
  WITH x.key AS key, x.w AS w
  RETURN collect({key: [key, w.id],
                  work: w {.id, .title, .abstract, .year, .publication_date, .type, .doi,
                           .arxiv_id, .cited_by_count, .journal_ref},
                  venue: CASE WHEN $venues THEN head(COLLECT {
                           MATCH (w)-[:PUBLISHED_IN]->(s:Source)
                           RETURN s {.id, .name, .type, .issn_l} AS source ORDER BY s.id
                         }) END}) AS works_rows
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
       COUNT { (a)-[c:COLLABORATES_WITH]-() WHERE c.strength >= $closeStrength } AS close_collaborators,
       works_total,
       works_rows
