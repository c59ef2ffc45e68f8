// Revoke one of an account's tokens; revoked: 0 when the account has no token with that id.
OPTIONAL MATCH (t:ApiToken {id: $id})-[:TOKEN_OF]->(:User {id: $userId})
DETACH DELETE t
RETURN count(t) AS revoked
