// Q4 through the driver: a topic's 20 most cited works (ties by id) and how many it has.
MATCH (t:Topic {id: $id})
CALL (t) {
  MATCH (t)<-[:HAS_TOPIC]-(w:Work)
  WITH w ORDER BY coalesce(w.cited_by_count, 0) DESC, w.id ASC LIMIT 20
  RETURN collect(w {.id, .title, .cited_by_count}) AS works
}
RETURN COUNT { (t)<-[:HAS_TOPIC]-() } AS total, works
