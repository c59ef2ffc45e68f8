// Co-author network of an author within a span of years: who wrote with them, how often, and how closely.
// $id: the author's OpenAlex id (e.g. A5100000001)
// $since: the first publication year counted (e.g. 2015)
// $until: the last publication year counted (e.g. 2025)
MATCH (a:Author {id: $id})-[:AUTHORED]->(w:Work)<-[:AUTHORED]-(b:Author)
WHERE $since <= w.year <= $until AND b <> a
WITH a, b, count(DISTINCT w) AS shared_works, min(w.year) AS first_year, max(w.year) AS last_year
OPTIONAL MATCH (a)-[c:COLLABORATES_WITH]-(b)
RETURN b.id AS id, b.name AS name, shared_works, first_year, last_year,
       c.strength AS strength_all_years
ORDER BY shared_works DESC, strength_all_years DESC, id
LIMIT 500
