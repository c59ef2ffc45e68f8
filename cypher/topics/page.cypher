// A topic lookup with one page of its works in one statement (schema/query.py folds it when a
// lookup selects one `works` page, resolvers/lookups.py topic_page): the row of
// cypher/topics/by_ids.cypher as topic, and the page of cypher/topics/works.cypher (its
// parameters and subqueries copied, so the answers are the same) as works_total and works_rows.
UNWIND $ids AS id
MATCH (t:Topic {id: id})
CALL (t) {
  // A topic without subtopics (most of them) holds its works directly, one HAS_TOPIC each:
  // no variable-length walk and no de-duplication.
  CALL (t) {
    WITH t WHERE NOT EXISTS { (t)<-[:SUBTOPIC_OF]-(:Topic) }
    MATCH (t)<-[:HAS_TOPIC]-(w:Work)
    RETURN w
    UNION ALL
    WITH t WHERE EXISTS { (t)<-[:SUBTOPIC_OF]-(:Topic) }
    MATCH (t)<-[:SUBTOPIC_OF*0..3]-(:Topic)<-[:HAS_TOPIC]-(w:Work)
    RETURN DISTINCT w
  }
  WITH w
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
                           .arxiv_id, .cited_by_count, .journal_ref}}) AS works_rows
}
RETURN t {.id, .name, .level, works_count: COUNT { (t)<-[:HAS_TOPIC]-() },
          parent: COLLECT { MATCH (t)-[:SUBTOPIC_OF]->(p:Topic) RETURN p.id ORDER BY p.id }[0]}
       AS topic,
       // Unfiltered, a leaf topic's total is its HAS_TOPIC degree (a count store read).
       CASE WHEN $yearFrom IS NULL AND $yearTo IS NULL AND $type IS NULL AND $topicId IS NULL
                 AND NOT EXISTS { (t)<-[:SUBTOPIC_OF]-(:Topic) }
            THEN COUNT { (t)<-[:HAS_TOPIC]-() }
            ELSE COUNT {
              MATCH (t)<-[:SUBTOPIC_OF*0..3]-(:Topic)<-[:HAS_TOPIC]-(w:Work)
              WHERE ($yearFrom IS NULL OR w.year >= $yearFrom)
                AND ($yearTo IS NULL OR w.year <= $yearTo)
                AND ($type IS NULL OR w.type = $type)
                AND ($topicId IS NULL
                     OR EXISTS { (w)-[:HAS_TOPIC]->(:Topic)-[:SUBTOPIC_OF*0..3]->(:Topic {id: $topicId}) })
              RETURN DISTINCT w
            }
       END AS works_total,
       works_rows
