// Q1 through the driver (the floor of `make bench-peer`): an author, the counts of its works,
// citations and collaborators, and its 10 newest works with their venue, in one statement.
MATCH (a:Author {id: $id})
CALL (a) {
  MATCH (a)-[:AUTHORED]->(w:Work)
  WITH w ORDER BY coalesce(w.year, -1) DESC, w.id ASC LIMIT 10
  RETURN collect(w {.id, .title, .year, .cited_by_count,
                    venue: [(w)-[:PUBLISHED_IN]->(s:Source) | s {.id, .name}][0]}) AS works
}
CALL (a) {
  MATCH (a)-[:AUTHORED]->(w:Work)
  RETURN count(w) AS works_count, sum(coalesce(w.cited_by_count, 0)) AS citations
}
RETURN a {.id, .name} AS author, works_count, citations,
       COUNT { (a)-[:COLLABORATES_WITH]-() } AS collaborators,
       works
