// Institutions named inside other records: created on first sight, and given the values of the
// newest record that names them (`updated`, the naming record's date; their own records too).
// A name given without a date (arXiv's venue) only creates.
UNWIND $rows AS row
MERGE (i:Institution {id: row.id})
  ON CREATE SET i += row.props, i.updated = row.updated
WITH i, row
WHERE row.updated IS NOT NULL AND (i.updated IS NULL OR i.updated < row.updated)
SET i += row.props, i.updated = row.updated
