// Works known only from arXiv, keyed `arxiv:<id>`: create, or update when the arXiv record is
// newer than the stored one (`arxiv_updated`).
UNWIND $rows AS row
OPTIONAL MATCH (old:Work {id: row.key})
WITH row, old
WHERE old IS NULL OR old.arxiv_updated IS NULL OR old.arxiv_updated < row.updated
MERGE (w:Work {id: row.key})
SET w += row.props, w.updated = row.updated, w.arxiv_updated = row.updated
RETURN row.key AS id, old IS NULL AS created
