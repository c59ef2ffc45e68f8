// Sources (venues) by id.
UNWIND $ids AS id
MATCH (s:Source {id: id})
RETURN s {.id, .name, .type, .issn_l} AS source
