// Institutions by ROR id (bare, lower-case); the smallest id wins if two records share one.
UNWIND $rors AS ror
MATCH (i:Institution {ror: ror})
WITH ror, i ORDER BY i.id
WITH ror, collect(i)[0] AS i
RETURN ror AS key, i {.id, .name, .ror, .country_code, .type} AS institution
