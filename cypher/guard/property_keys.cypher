// Property keys of the public labels and types, counted in a sample of $sample of each, for
// /cypher/schema (a full count would read every node and relationship).
CALL () { MATCH (n:Author) WITH n LIMIT $sample UNWIND keys(n) AS key RETURN 'Author' AS of, key
  UNION ALL MATCH (n:Work) WITH n LIMIT $sample UNWIND keys(n) AS key RETURN 'Work' AS of, key
  UNION ALL MATCH (n:Topic) WITH n LIMIT $sample UNWIND keys(n) AS key RETURN 'Topic' AS of, key
  UNION ALL MATCH (n:Institution) WITH n LIMIT $sample UNWIND keys(n) AS key RETURN 'Institution' AS of, key
  UNION ALL MATCH (n:Source) WITH n LIMIT $sample UNWIND keys(n) AS key RETURN 'Source' AS of, key
  UNION ALL MATCH (n:AuthorshipRejection) WITH n LIMIT $sample UNWIND keys(n) AS key RETURN 'AuthorshipRejection' AS of, key
  UNION ALL MATCH ()-[r:AUTHORED]->() WITH r LIMIT $sample UNWIND keys(r) AS key RETURN 'AUTHORED' AS of, key
  UNION ALL MATCH ()-[r:AFFILIATED_WITH]->() WITH r LIMIT $sample UNWIND keys(r) AS key RETURN 'AFFILIATED_WITH' AS of, key
  UNION ALL MATCH ()-[r:HAS_TOPIC]->() WITH r LIMIT $sample UNWIND keys(r) AS key RETURN 'HAS_TOPIC' AS of, key
  UNION ALL MATCH ()-[r:SUBTOPIC_OF]->() WITH r LIMIT $sample UNWIND keys(r) AS key RETURN 'SUBTOPIC_OF' AS of, key
  UNION ALL MATCH ()-[r:PUBLISHED_IN]->() WITH r LIMIT $sample UNWIND keys(r) AS key RETURN 'PUBLISHED_IN' AS of, key
  UNION ALL MATCH ()-[r:CITES]->() WITH r LIMIT $sample UNWIND keys(r) AS key RETURN 'CITES' AS of, key
  UNION ALL MATCH ()-[r:COLLABORATES_WITH]->() WITH r LIMIT $sample UNWIND keys(r) AS key RETURN 'COLLABORATES_WITH' AS of, key }
RETURN of, key, count(*) AS count
ORDER BY of, count DESC, key
