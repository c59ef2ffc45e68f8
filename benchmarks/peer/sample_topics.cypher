// The topics `make bench-peer` samples from: topics without subtopics (where a topic's works
// are the works tagged with it on both sides) with at least 2 works.
MATCH (t:Topic)
WHERE NOT EXISTS { (t)<-[:SUBTOPIC_OF]-() } AND COUNT { (t)<-[:HAS_TOPIC]-() } >= 2
RETURN t.id AS id ORDER BY id
