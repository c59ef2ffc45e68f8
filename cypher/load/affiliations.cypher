// AFFILIATED_WITH with the union of the years already known and the row's, kept sorted; written
// only when the row adds a year (or the relationship is new).
UNWIND $rows AS row
MATCH (a:Author {id: row.author})
MATCH (i:Institution {id: row.institution})
MERGE (a)-[r:AFFILIATED_WITH]->(i)
WITH r, row, coalesce(r.years, []) AS known
WITH r, known, [year IN row.years WHERE NOT year IN known] AS added
WHERE r.years IS NULL OR size(added) > 0
CALL (known, added) {
  UNWIND known + added AS year
  WITH DISTINCT year
  ORDER BY year
  RETURN collect(year) AS years
}
SET r.years = years
