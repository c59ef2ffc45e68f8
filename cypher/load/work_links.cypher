// The links of freshly written works (their old links are gone): authorships (authors are
// created on first sight and flagged for a collaboration rebuild), topics, venue, and references
// to works already in the graph; the other references wait in `pending_refs`. Authors are only
// written to when something changes (a flag or ORCID they lack): most already have both.
UNWIND $rows AS row
MATCH (w:Work {id: row.id})
CALL (w, row) {
  UNWIND row.authorships AS authorship
  MERGE (a:Author {id: authorship.author})
    ON CREATE SET a.name = authorship.name, a.unresolved = authorship.unresolved,
                  a.orcid = authorship.orcid, a.collab_pending = true
  CREATE (a)-[:AUTHORED {position: authorship.position,
                         corresponding: authorship.corresponding}]->(w)
  WITH a, authorship
  WHERE a.collab_pending IS NULL OR (a.orcid IS NULL AND authorship.orcid IS NOT NULL)
  SET a.collab_pending = true, a.orcid = coalesce(a.orcid, authorship.orcid)
}
CALL (w, row) {
  UNWIND row.topics AS topic
  MATCH (t:Topic {id: topic.id})
  CREATE (w)-[:HAS_TOPIC {score: topic.score}]->(t)
}
CALL (w, row) {
  MATCH (s:Source {id: row.source})
  CREATE (w)-[:PUBLISHED_IN]->(s)
}
CALL (w, row) {
  UNWIND row.refs AS ref
  MATCH (cited:Work {id: ref})
  CREATE (w)-[:CITES]->(cited)
  RETURN collect(ref) AS found
}
WITH w, [ref IN row.refs WHERE NOT ref IN found] AS missing
WHERE size(missing) > 0
SET w.pending_refs = missing
