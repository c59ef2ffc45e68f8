// Nodes per public label (docs/graph-model.md), from the count store, for /cypher/schema.
CALL () { MATCH (n:Author) RETURN 'Author' AS label, count(n) AS count
  UNION ALL MATCH (n:Work) RETURN 'Work' AS label, count(n) AS count
  UNION ALL MATCH (n:Topic) RETURN 'Topic' AS label, count(n) AS count
  UNION ALL MATCH (n:Institution) RETURN 'Institution' AS label, count(n) AS count
  UNION ALL MATCH (n:Source) RETURN 'Source' AS label, count(n) AS count
  UNION ALL MATCH (n:AuthorshipRejection) RETURN 'AuthorshipRejection' AS label, count(n) AS count }
RETURN label, count
