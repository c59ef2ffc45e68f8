// Before a newer record's links are written: drop the work's authorships, topics (those of the
// record's origin: arXiv categories or OpenAlex topics), venue and references. Its former authors
// get their collaborations rebuilt; names left without any work are removed.
UNWIND $ids AS id
MATCH (w:Work {id: id})
CALL (w) {
  MATCH (a:Author)-[r:AUTHORED]->(w)
  SET a.collab_pending = true
  DELETE r
  WITH a
  WHERE a.unresolved AND NOT (a)-[:AUTHORED]->()
  DETACH DELETE a
}
CALL (w) {
  MATCH (w)-[r:HAS_TOPIC]->(t:Topic)
  WHERE (t.id STARTS WITH 'arxiv:') = $arxiv_topics
  DELETE r
}
CALL (w) {
  MATCH (w)-[r:PUBLISHED_IN]->()
  DELETE r
}
CALL (w) {
  MATCH (w)-[r:CITES]->()
  DELETE r
}
REMOVE w.pending_refs
