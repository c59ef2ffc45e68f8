// Institutions by id.
UNWIND $ids AS id
MATCH (i:Institution {id: id})
RETURN i {.id, .name, .ror, .country_code, .type} AS institution
