// An author for the start-up warm-up (schema/warmup.py): preferably one with collaborators, so
// that every read of the author page runs; no row when the graph has no authors.
CALL () {
  MATCH (a:Author)-[:COLLABORATES_WITH]-()
  RETURN a, 0 AS rank LIMIT 1
  UNION ALL
  MATCH (a:Author)
  RETURN a, 1 AS rank LIMIT 1
}
RETURN a.id AS id
ORDER BY rank
LIMIT 1
