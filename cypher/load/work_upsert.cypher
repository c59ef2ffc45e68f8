// OpenAlex works: create, or update when the record is newer than the stored one (`updated`).
// Returns the works written, and whether each was new (a new work has no links to clear).
UNWIND $rows AS row
OPTIONAL MATCH (old:Work {id: row.id})
WITH row, old
WHERE old IS NULL OR old.updated IS NULL OR old.updated < row.updated
MERGE (w:Work {id: row.id})
SET w += row.props,
    w.updated = row.updated,
    w.abstract = coalesce(row.abstract, w.abstract),
    w.arxiv_id = coalesce(row.arxiv_id, w.arxiv_id)
RETURN row.id AS id, old IS NULL AS created
