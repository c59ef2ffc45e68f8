// Block an account (idempotent, under the blocker's write lock so that concurrent blocks leave
// one BLOCKED). An open invitation between the two, in either direction, is cancelled.
MATCH (me:User {id: $userId}), (other:User {id: $otherId})
SET me.blocks_changed = datetime()
MERGE (me)-[b:BLOCKED]->(other)
  ON CREATE SET b.since = datetime()
WITH me, other
CALL (me, other) {
  MATCH (i:Invitation {open_pair: $pair})
  SET i.status = 'cancelled', i.decided_at = datetime(), i.open_pair = null
}
RETURN true AS blocked
