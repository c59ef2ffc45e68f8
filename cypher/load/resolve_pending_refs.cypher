// References that named works not yet in the graph: link those that have arrived since, keep the
// rest waiting. Each chunk of works commits on its own, so an interrupted run loses nothing.
// CREATE, not MERGE: a reference is either linked or pending, never both (work_links.cypher).
MATCH (w:Work)
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
} IN TRANSACTIONS OF 2000 ROWS
