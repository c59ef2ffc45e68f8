// First step of a rebuild: the authors' current collaboration edges go.
UNWIND $ids AS id
MATCH (a:Author {id: id})-[c:COLLABORATES_WITH]-()
DELETE c
