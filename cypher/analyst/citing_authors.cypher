// Who cites an author most: the authors of the works that cite the author's works.
// $id: the author's OpenAlex id (e.g. A5100000001)
MATCH (a:Author {id: $id})-[:AUTHORED]->(cited:Work)<-[:CITES]-(citing:Work)<-[:AUTHORED]-(c:Author)
WHERE c <> a
RETURN c.id AS id, c.name AS name, count(DISTINCT citing) AS citing_works,
       count(DISTINCT cited) AS works_cited
ORDER BY citing_works DESC, id
LIMIT 100
