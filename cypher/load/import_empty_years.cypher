// After a bulk import (kg import): the importer cannot write an empty list, which `kg load`
// stores for an affiliation without years (cypher/load/affiliations.cypher).
MATCH (:Author)-[r:AFFILIATED_WITH]->(:Institution)
WHERE r.years IS NULL
SET r.years = []
