// Topics by id, with the parent's id and the number of works tagged with the topic itself.
UNWIND $ids AS id
MATCH (t:Topic {id: id})
RETURN t {.id, .name, .level, works_count: COUNT { (t)<-[:HAS_TOPIC]-() },
          parent: COLLECT { MATCH (t)-[:SUBTOPIC_OF]->(p:Topic) RETURN p.id ORDER BY p.id }[0]}
       AS topic
