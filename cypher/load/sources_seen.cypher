// Sources named inside works: created on first sight, and given the values of the newest record
// that names them (`updated`, the naming record's date; their own records too).
// A name given without a date (arXiv's venue) only creates.
UNWIND $rows AS row
MERGE (s:Source {id: row.id})
  ON CREATE SET s += row.props, s.updated = row.updated
WITH s, row
WHERE row.updated IS NOT NULL AND (s.updated IS NULL OR s.updated < row.updated)
SET s += row.props, s.updated = row.updated
