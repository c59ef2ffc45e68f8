// References of a batch of works that named works not yet in the graph: link those that have
// arrived since, keep the rest waiting. One batch per transaction (loaders/pipeline.py), so an
// interrupted run loses nothing and no transaction grows with the graph.
// CREATE, not MERGE: a reference is either linked or pending, never both (work_links.cypher).
UNWIND $ids AS id
MATCH (w:Work {id: id})
WHERE w.pending_refs IS NOT NULL
CALL (w) {
  CALL (w) {
    UNWIND w.pending_refs AS ref
    MATCH (cited:Work {id: ref})
    CREATE (w)-[:CITES]->(cited)
    RETURN collect(ref) AS found
  }
  WITH w, found
  WHERE size(found) > 0
  WITH w, [ref IN w.pending_refs WHERE NOT ref IN found] AS missing
  SET w.pending_refs = CASE WHEN size(missing) = 0 THEN null ELSE missing END
}
