// Each work's authors (Work.authors): first author first, last author last, ties by id.
UNWIND $ids AS id
MATCH (w:Work {id: id})
CALL (w) {
  MATCH (a:Author)-[r:AUTHORED]->(w)
  WITH a, r ORDER BY CASE r.position WHEN 'first' THEN 0 WHEN 'last' THEN 2 ELSE 1 END, a.id
  RETURN collect({author: a {.id, .name, .orcid, .unresolved, .open_to_collaborate, .claimed},
                  position: coalesce(r.position, 'middle'),
                  corresponding: coalesce(r.corresponding, false)}) AS authorships
}
RETURN id, authorships
