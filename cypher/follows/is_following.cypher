// Which of these authors the account follows.
UNWIND $authorIds AS id
MATCH (:User {id: $userId})-[:FOLLOWS]->(a:Author {id: id})
RETURN a.id AS id
