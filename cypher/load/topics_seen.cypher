// Topics named inside other records, with their place in the hierarchy (topic -> subfield ->
// field -> domain, or arXiv category -> archive): created on first sight.
CALL () {
  UNWIND $nodes AS node
  MERGE (t:Topic {id: node.id})
    ON CREATE SET t.name = node.name, t.level = node.level
}
CALL () {
  UNWIND $edges AS edge
  MATCH (child:Topic {id: edge.child})
  MATCH (parent:Topic {id: edge.parent})
  MERGE (child)-[:SUBTOPIC_OF]->(parent)
}
