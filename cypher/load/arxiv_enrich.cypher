// An arXiv record about a work the graph knows from OpenAlex: add what arXiv knows (the id, the
// journal reference, the abstract when missing, the categories, arXiv as venue when there is
// none); the OpenAlex authorships stand. Only when the arXiv record is newer than the last one.
UNWIND $rows AS row
MATCH (w:Work {id: row.target})
WITH w, row
WHERE w.arxiv_updated IS NULL OR w.arxiv_updated < row.updated
SET w.arxiv_id = row.arxiv_id,
    w.journal_ref = coalesce(row.props.journal_ref, w.journal_ref),
    w.abstract = coalesce(w.abstract, row.props.abstract),
    w.arxiv_updated = row.updated
WITH w, row
CALL (w) {
  MATCH (w)-[r:HAS_TOPIC]->(t:Topic)
  WHERE t.id STARTS WITH 'arxiv:'
  DELETE r
}
CALL (w, row) {
  UNWIND row.topics AS topic
  MATCH (t:Topic {id: topic.id})
  CREATE (w)-[:HAS_TOPIC {score: topic.score}]->(t)
}
CALL (w, row) {
  MATCH (s:Source {id: row.source})
  WHERE NOT (w)-[:PUBLISHED_IN]->()
  CREATE (w)-[:PUBLISHED_IN]->(s)
}
RETURN row.key AS key
