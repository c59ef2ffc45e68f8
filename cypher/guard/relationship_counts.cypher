// Relationships per public type (docs/graph-model.md), from the count store, for /cypher/schema.
CALL () { MATCH ()-[r:AUTHORED]->() RETURN 'AUTHORED' AS type, count(r) AS count
  UNION ALL MATCH ()-[r:AFFILIATED_WITH]->() RETURN 'AFFILIATED_WITH' AS type, count(r) AS count
  UNION ALL MATCH ()-[r:HAS_TOPIC]->() RETURN 'HAS_TOPIC' AS type, count(r) AS count
  UNION ALL MATCH ()-[r:SUBTOPIC_OF]->() RETURN 'SUBTOPIC_OF' AS type, count(r) AS count
  UNION ALL MATCH ()-[r:PUBLISHED_IN]->() RETURN 'PUBLISHED_IN' AS type, count(r) AS count
  UNION ALL MATCH ()-[r:CITES]->() RETURN 'CITES' AS type, count(r) AS count
  UNION ALL MATCH ()-[r:COLLABORATES_WITH]->() RETURN 'COLLABORATES_WITH' AS type, count(r) AS count }
RETURN type, count
