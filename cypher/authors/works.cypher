// A page of each author's works (Author.works), filtered, ordered by $field (YEAR or CITATIONS)
// in direction $descending, ties by id; keyset paging after ($afterKey, $afterId).
// Missing years and citation counts sort as -1 and 0. Works the record's holder rejected
// (cypher/profile/reject_authorship.cypher) are not listed.
UNWIND $ids AS id
MATCH (a:Author {id: id})
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
  RETURN size(candidates) AS total,
         [x IN candidates WHERE $afterId IS NULL OR x.key > $afterKey
                         OR (x.key = $afterKey AND x.w.id > $afterId)][..$limit] AS page
}
CALL (page) {
  UNWIND page AS x
  WITH x.key AS key, x.w AS w
  RETURN collect({key: [key, w.id],
                  work: w {.id, .title, .abstract, .year, .publication_date, .type, .doi,
                           .arxiv_id, .cited_by_count, .journal_ref}}) AS rows
}
RETURN id, total, rows
