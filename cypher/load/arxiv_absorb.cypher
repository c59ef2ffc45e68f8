// Fold an arXiv-only work into the OpenAlex work it turned out to be. The OpenAlex record's
// authorships stand; an unresolved name of the arXiv work whose normalised form matches one of
// them (row.names: name key -> author id) merges into that author: its AUTHORED and
// AFFILIATED_WITH move over, and the name node goes. Names that match nobody and have no other
// work go too. Everyone whose co-authorships changed is flagged for a collaboration rebuild.
UNWIND $rows AS row
MATCH (w:Work {id: row.work})
MATCH (x:Work {id: row.duplicate})
SET w.arxiv_id = coalesce(w.arxiv_id, x.arxiv_id),
    w.journal_ref = coalesce(w.journal_ref, x.journal_ref),
    w.abstract = coalesce(w.abstract, x.abstract),
    w.arxiv_updated = x.arxiv_updated
WITH w, x, row
CALL (w, x) {
  MATCH (x)-[old:HAS_TOPIC]->(t:Topic)
  MERGE (w)-[r:HAS_TOPIC]->(t)
  SET r.score = old.score
}
CALL (w, x) {
  MATCH (x)-[:PUBLISHED_IN]->(s:Source)
  WHERE NOT (w)-[:PUBLISHED_IN]->()
  MERGE (w)-[:PUBLISHED_IN]->(s)
}
CALL (x) {
  MATCH (a:Author)-[:AUTHORED]->(x)
  SET a.collab_pending = true
}
CALL (x, row) {
  MATCH (u:Author)-[:AUTHORED]->(x)
  WHERE u.unresolved
  WITH u, [name IN row.names WHERE name.key = u.id | name.author][0] AS target
  WHERE target IS NOT NULL
  MATCH (resolved:Author {id: target})
  CALL (u, resolved, x) {
    MATCH (u)-[old:AUTHORED]->(other:Work)
    WHERE other <> x
    MERGE (resolved)-[r:AUTHORED]->(other)
      ON CREATE SET r.position = old.position, r.corresponding = old.corresponding
    WITH DISTINCT other
    MATCH (coauthor:Author)-[:AUTHORED]->(other)
    SET coauthor.collab_pending = true
  }
  CALL (u, resolved) {
    MATCH (u)-[old:AFFILIATED_WITH]->(i:Institution)
    MERGE (resolved)-[r:AFFILIATED_WITH]->(i)
    WITH r, old
    CALL (r, old) {
      UNWIND coalesce(r.years, []) + coalesce(old.years, []) AS year
      WITH DISTINCT year
      ORDER BY year
      RETURN collect(year) AS years
    }
    SET r.years = years
  }
  SET resolved.collab_pending = true
  DETACH DELETE u
}
CALL (x) {
  OPTIONAL MATCH (u:Author)-[:AUTHORED]->(x)
  WHERE u.unresolved
  RETURN collect(u) AS leftovers
}
DETACH DELETE x
WITH leftovers
UNWIND leftovers AS u
WITH u
WHERE NOT (u)-[:AUTHORED]->()
DETACH DELETE u
