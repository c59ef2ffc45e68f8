// Authors bridging two fields: who publishes in both (each field's subtopics included).
// $first: a topic id at any level (e.g. fields/17)
// $second: another topic id (e.g. fields/26)
MATCH (:Topic {id: $first})<-[:SUBTOPIC_OF*0..3]-(:Topic)<-[:HAS_TOPIC]-(w1:Work)<-[:AUTHORED]-(a:Author)
WITH a, count(DISTINCT w1) AS works_in_first
MATCH (a)-[:AUTHORED]->(w2:Work)-[:HAS_TOPIC]->(:Topic)-[:SUBTOPIC_OF*0..3]->(:Topic {id: $second})
WITH a, works_in_first, count(DISTINCT w2) AS works_in_second
RETURN a.id AS id, a.name AS name, works_in_first, works_in_second,
       CASE WHEN works_in_first < works_in_second THEN works_in_first ELSE works_in_second END AS bridge
ORDER BY bridge DESC, id
LIMIT 50
