// A page of the works that cite each work (Work.citingWorks), filtered and ordered as Author.works
// (cypher/authors/works.cypher): $field YEAR or CITATIONS in direction $descending, ties by id,
// keyset paging after ($afterKey, $afterId). The total is counted, not collected.
UNWIND $ids AS id
MATCH (c:Work {id: id})
CALL (c) {
  MATCH (c)<-[:CITES]-(w:Work)
  WHERE ($yearFrom IS NULL OR w.year >= $yearFrom)
    AND ($yearTo IS NULL OR w.year <= $yearTo)
    AND ($type IS NULL OR w.type = $type)
    AND ($topicId IS NULL
         OR EXISTS { (w)-[:HAS_TOPIC]->(:Topic)-[:SUBTOPIC_OF*0..3]->(:Topic {id: $topicId}) })
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
         MATCH (c)<-[:CITES]-(w:Work)
         WHERE ($yearFrom IS NULL OR w.year >= $yearFrom)
           AND ($yearTo IS NULL OR w.year <= $yearTo)
           AND ($type IS NULL OR w.type = $type)
           AND ($topicId IS NULL
                OR EXISTS { (w)-[:HAS_TOPIC]->(:Topic)-[:SUBTOPIC_OF*0..3]->(:Topic {id: $topicId}) })
       } AS total,
       rows
