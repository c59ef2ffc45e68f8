// Sources named inside works: created on first sight; their own records enrich them.
UNWIND $rows AS row
MERGE (s:Source {id: row.id})
  ON CREATE SET s += row.props
