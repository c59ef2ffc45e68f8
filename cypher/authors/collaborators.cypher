// A page of each author's collaborators (Author.collaborators), strongest first: strength, then
// shared works, descending, ties by id; keyset paging after ($afterStrength, $afterWorks,
// $afterId). $close: true keeps close collaborators, false the others, null all.
UNWIND $ids AS id
MATCH (a:Author {id: id})
CALL (a) {
  MATCH (a)-[c:COLLABORATES_WITH]-(b:Author)
  WHERE $close IS NULL OR (c.strength >= $closeStrength) = $close
  WITH b, c ORDER BY c.strength DESC, c.works DESC, b.id ASC
  WITH collect({b: b, c: c}) AS candidates
  RETURN size(candidates) AS total,
         [x IN candidates WHERE $afterId IS NULL
            OR x.c.strength < $afterStrength
            OR (x.c.strength = $afterStrength AND x.c.works < $afterWorks)
            OR (x.c.strength = $afterStrength AND x.c.works = $afterWorks AND x.b.id > $afterId)
         ][..$limit] AS page
}
CALL (page) {
  UNWIND page AS x
  WITH x.b AS b, x.c AS c
  RETURN collect({key: [c.strength, c.works, b.id],
                  author: b {.id, .name, .orcid, .unresolved, .open_to_collaborate, .claimed},
                  works: c.works, first_year: c.first_year, last_year: c.last_year,
                  strength: c.strength}) AS rows
}
RETURN id, total, rows
