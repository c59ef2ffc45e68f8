// The authors `make bench-peer` samples from: OpenAlex-style ids with at least 2 works.
MATCH (a:Author)
WHERE a.id STARTS WITH 'A' AND COUNT { (a)-[:AUTHORED]->() } >= 2
RETURN a.id AS id ORDER BY id
