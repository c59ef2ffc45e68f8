// Source records: create, or update when the record is newer than the stored one (`updated`).
UNWIND $rows AS row
OPTIONAL MATCH (old:Source {id: row.id})
WITH row, old
WHERE old IS NULL OR old.updated IS NULL OR old.updated < row.updated
MERGE (n:Source {id: row.id})
SET n += row.props, n.updated = row.updated
RETURN row.id AS id
