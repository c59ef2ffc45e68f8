// Second step: one edge per pair, from the smaller id to the larger, over the works both
// authored, skipping teams larger than $max_team. Newman's strength: each shared work of n
// authors adds 1 / (n - 1), the sum rounded to $decimals places. A pair is written by exactly
// one side: a co-author still waiting for a rebuild of their own writes it then; within this
// batch, the side with the smaller id does.
UNWIND $ids AS id
MATCH (a:Author {id: id})-[:AUTHORED]->(w:Work)
WHERE 1 < w.author_count <= $max_team
MATCH (w)<-[:AUTHORED]-(b:Author)
WHERE b <> a AND (b.collab_pending IS NULL OR (a.id < b.id AND b.id IN $ids))
WITH a, b, count(w) AS works, min(w.year) AS first_year, max(w.year) AS last_year,
     sum(1.0 / (w.author_count - 1)) AS strength
WITH CASE WHEN a.id < b.id THEN a ELSE b END AS low,
     CASE WHEN a.id < b.id THEN b ELSE a END AS high,
     works, first_year, last_year, strength
CREATE (low)-[:COLLABORATES_WITH {works: works, first_year: first_year, last_year: last_year,
                                  strength: round(strength, $decimals)}]->(high)
RETURN count(*) AS edges
