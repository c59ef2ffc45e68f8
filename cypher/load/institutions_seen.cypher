// Institutions named inside other records: created on first sight; their own records enrich them.
UNWIND $rows AS row
MERGE (i:Institution {id: row.id})
  ON CREATE SET i += row.props
