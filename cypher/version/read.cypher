// The graph's version (kg/graph_version.py): no row until the first write made it.
MATCH (v:GraphVersion {id: 'graph'})
RETURN v.epoch AS epoch, v.value AS value
