// Lift a block this account set (idempotent; a block the other account set stays).
MATCH (me:User {id: $userId}), (other:User {id: $otherId})
SET me.blocks_changed = datetime()
WITH me, other
CALL (me, other) {
  OPTIONAL MATCH (me)-[b:BLOCKED]->(other)
  DELETE b
}
RETURN false AS blocked
