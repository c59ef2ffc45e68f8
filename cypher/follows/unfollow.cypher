// Stop following an author, idempotently (under the same account lock as follow).
MATCH (u:User {id: $userId})
MATCH (a:Author {id: $authorId})
SET u.follows_changed = datetime()
WITH u, a
CALL (u, a) {
  OPTIONAL MATCH (u)-[f:FOLLOWS]->(a)
  DELETE f
}
RETURN COUNT { (a)<-[:FOLLOWS]-(:User) } AS followers
