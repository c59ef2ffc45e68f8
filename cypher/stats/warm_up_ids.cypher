// The nodes the start-up warm-up (schema/warmup.py) asks about: an author, preferably one with
// collaborators so that every read of the author page runs, and a topic with works (its page is
// cypher/topics/page); no row when the graph has no authors, a null topic when none has works.
CALL () {
  MATCH (a:Author)-[:COLLABORATES_WITH]-()
  RETURN a, 0 AS rank LIMIT 1
  UNION ALL
  MATCH (a:Author)
  RETURN a, 1 AS rank LIMIT 1
}
WITH a ORDER BY rank LIMIT 1
RETURN a.id AS id, head(COLLECT { MATCH (t:Topic)<-[:HAS_TOPIC]-() RETURN t.id LIMIT 1 }) AS topic
