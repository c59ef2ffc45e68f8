// The most-cited works of a topic, subfield, field or domain (its subtopics included).
// $topic: a topic id (e.g. T10001, subfields/1702, fields/17, domains/3)
// $limit: how many works (e.g. 25)
MATCH (t:Topic {id: $topic})<-[:SUBTOPIC_OF*0..3]-(:Topic)<-[:HAS_TOPIC]-(w:Work)
WITH DISTINCT w
RETURN w.id AS id, w.title AS title, w.year AS year, w.cited_by_count AS cited_by_count
ORDER BY cited_by_count DESC, id
LIMIT $limit
