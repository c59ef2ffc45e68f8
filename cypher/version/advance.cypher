// One more write the anonymous reader could see has committed (kg/graph_version.py). The epoch
// is new whenever the node is: a database emptied and loaded again never reuses a version.
MERGE (v:GraphVersion {id: 'graph'})
  ON CREATE SET v.epoch = randomUUID(), v.value = 0
SET v.value = v.value + 1
RETURN v.epoch AS epoch, v.value AS value
