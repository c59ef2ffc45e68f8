// Author records: create, or update when the record is newer than the stored one (`updated`).
// A field the researcher set (its `<field>_set_at` is there: cypher/profile/edit.cypher) keeps
// the researcher's value; `claimed` is never imported (it mirrors the CLAIMED relationship).
UNWIND $rows AS row
OPTIONAL MATCH (old:Author {id: row.id})
WITH row, old
WHERE old IS NULL OR old.updated IS NULL OR old.updated < row.updated
MERGE (n:Author {id: row.id})
WITH n, row, n.open_to_collaborate AS researchers, n.open_to_collaborate_set_at IS NOT NULL AS owned
SET n += row.props, n.updated = row.updated
SET n.open_to_collaborate = CASE WHEN owned THEN researchers ELSE n.open_to_collaborate END
RETURN row.id AS id
