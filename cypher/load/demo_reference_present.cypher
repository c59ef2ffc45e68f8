// The demo's reference researcher and works are in the graph (a marker alone could outlive them).
MATCH (a:Author {id: $author})
OPTIONAL MATCH (a)-[:AUTHORED]->(w:Work)
WHERE w.id IN $works
RETURN count(DISTINCT w) = size($works) AS present
