// Each author's topics (Author.topics): weight is the sum of the topic's scores over the
// author's works, works the number of those works; heaviest first, ties by id.
UNWIND $ids AS id
MATCH (a:Author {id: id})
CALL (a) {
  MATCH (a)-[:AUTHORED]->(w:Work)-[h:HAS_TOPIC]->(t:Topic)
  WITH t, sum(coalesce(h.score, 1.0)) AS weight, count(DISTINCT w) AS works
  ORDER BY weight DESC, works DESC, t.id ASC
  LIMIT $limit
  RETURN collect({topic: t {.id, .name, .level, works_count: COUNT { (t)<-[:HAS_TOPIC]-() },
                            parent: COLLECT { MATCH (t)-[:SUBTOPIC_OF]->(p:Topic)
                                              RETURN p.id ORDER BY p.id }[0]},
                  weight: weight, works: works}) AS topics
}
RETURN id, topics
