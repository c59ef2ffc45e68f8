// Each author's affiliations (Author.institutions), latest first, ties by id.
UNWIND $ids AS id
MATCH (a:Author {id: id})
CALL (a) {
  MATCH (a)-[r:AFFILIATED_WITH]->(i:Institution)
  WITH i, r ORDER BY coalesce(r.years[-1], -1) DESC, i.id ASC
  RETURN collect({institution: i {.id, .name, .ror, .country_code, .type},
                  years: coalesce(r.years, [])}) AS affiliations
}
RETURN id, affiliations
