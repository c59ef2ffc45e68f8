// Each work's topics (Work.topics), by score, ties by id.
UNWIND $ids AS id
MATCH (w:Work {id: id})
CALL (w) {
  MATCH (w)-[h:HAS_TOPIC]->(t:Topic)
  WITH t, h ORDER BY coalesce(h.score, 1.0) DESC, t.id
  RETURN collect({topic: t {.id, .name, .level, works_count: COUNT { (t)<-[:HAS_TOPIC]-() },
                            parent: COLLECT { MATCH (t)-[:SUBTOPIC_OF]->(p:Topic)
                                              RETURN p.id ORDER BY p.id }[0]},
                  weight: coalesce(h.score, 1.0)}) AS topics
}
RETURN id, topics
