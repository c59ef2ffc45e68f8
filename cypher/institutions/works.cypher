// A page of each institution's works (Institution.works): works of its affiliated authors
// published in a year of the affiliation (AFFILIATED_WITH.years), less the authorships their
// record's holder rejected, filtered and ordered as Author.works
// (cypher/authors/works.cypher): $field YEAR or CITATIONS in direction $descending, ties by id,
// keyset paging after ($afterKey, $afterId). The total is counted, not collected.
UNWIND $ids AS id
MATCH (i:Institution {id: id})
CALL (i) {
  MATCH (i)<-[r:AFFILIATED_WITH]-(a:Author)-[:AUTHORED]->(w:Work)
  WHERE w.year IN r.years
    AND NOT EXISTS { MATCH (:AuthorshipRejection {key: a.id + '|' + w.id}) }
    AND ($yearFrom IS NULL OR w.year >= $yearFrom)
    AND ($yearTo IS NULL OR w.year <= $yearTo)
    AND ($type IS NULL OR w.type = $type)
    AND ($topicId IS NULL
         OR EXISTS { (w)-[:HAS_TOPIC]->(:Topic)-[:SUBTOPIC_OF*0..3]->(:Topic {id: $topicId}) })
  WITH DISTINCT w
  WITH w, CASE $field WHEN 'CITATIONS' THEN coalesce(w.cited_by_count, 0)
                      ELSE coalesce(w.year, -1) END AS value
  WITH w, CASE WHEN $descending THEN -value ELSE value END AS key
  WHERE $afterId IS NULL OR key > $afterKey OR (key = $afterKey AND w.id > $afterId)
  ORDER BY key ASC, w.id ASC
  LIMIT $limit
  RETURN collect({key: [key, w.id],
                  work: w {.id, .title, .abstract, .year, .publication_date, .type, .doi,
                           .arxiv_id, .cited_by_count, .journal_ref}}) AS rows
}
RETURN id,
       COUNT {
         MATCH (i)<-[r:AFFILIATED_WITH]-(a:Author)-[:AUTHORED]->(w:Work)
         WHERE w.year IN r.years
           AND NOT EXISTS { MATCH (:AuthorshipRejection {key: a.id + '|' + w.id}) }
           AND ($yearFrom IS NULL OR w.year >= $yearFrom)
           AND ($yearTo IS NULL OR w.year <= $yearTo)
           AND ($type IS NULL OR w.type = $type)
           AND ($topicId IS NULL
                OR EXISTS { (w)-[:HAS_TOPIC]->(:Topic)-[:SUBTOPIC_OF*0..3]->(:Topic {id: $topicId}) })
         RETURN DISTINCT w
       } AS total,
       rows
