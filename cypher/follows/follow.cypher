// Follow an author, idempotently. Writing u.follows_changed first takes the account's write lock,
// so concurrent follows by one account run one after another and MERGE sees the earlier one:
// however many arrive at once, one FOLLOWS stays.
MATCH (u:User {id: $userId})
MATCH (a:Author {id: $authorId})
SET u.follows_changed = datetime()
MERGE (u)-[f:FOLLOWS]->(a)
  ON CREATE SET f.since = datetime()
RETURN COUNT { (a)<-[:FOLLOWS]-(:User) } AS followers
