// Collaborations between two institutions: the works that authors of both wrote together.
// $first: an institution's OpenAlex id (e.g. I4429569930)
// $second: another institution's OpenAlex id (e.g. I2853174651)
MATCH (:Institution {id: $first})<-[:AFFILIATED_WITH]-(a:Author)-[:AUTHORED]->(w:Work)
MATCH (w)<-[:AUTHORED]-(b:Author)-[:AFFILIATED_WITH]->(:Institution {id: $second})
WHERE a <> b
RETURN w.id AS id, w.title AS title, w.year AS year,
       collect(DISTINCT a.name) AS authors_of_first, collect(DISTINCT b.name) AS authors_of_second
ORDER BY year DESC, id
LIMIT 500
