// Q2 through the driver: an author's 10 newest works, their authors, and each author's 5
// strongest collaborators (strength, shared works, id).
MATCH (a:Author {id: $id})-[:AUTHORED]->(w:Work)
WITH w ORDER BY coalesce(w.year, -1) DESC, w.id ASC LIMIT 10
CALL (w) {
  MATCH (w)<-[:AUTHORED]-(b:Author)
  CALL (b) {
    MATCH (b)-[c:COLLABORATES_WITH]-(o:Author)
    WITH c, o ORDER BY c.strength DESC, c.works DESC, o.id ASC LIMIT 5
    RETURN collect({id: o.id, strength: c.strength}) AS collaborators
  }
  RETURN collect({id: b.id, collaborators: collaborators}) AS authors
}
RETURN w.id AS work, authors
