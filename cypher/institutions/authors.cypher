// A page of each institution's authors (Institution.authors): those affiliated with it, kept when
// $yearFrom / $yearTo are null or some year of the affiliation lies in [$yearFrom, $yearTo];
// ordered by $field, LAST_YEAR (the affiliation's latest year, none as -1) or NAME (the name,
// else the id), in direction $descending, ties by id; keyset paging after ($afterKey, $afterId).
// The total is counted, not collected.
UNWIND $ids AS id
MATCH (i:Institution {id: id})
CALL (i) {
  MATCH (i)<-[r:AFFILIATED_WITH]-(a:Author)
  WHERE ($yearFrom IS NULL AND $yearTo IS NULL)
     OR any(year IN coalesce(r.years, [])
            WHERE ($yearFrom IS NULL OR year >= $yearFrom) AND ($yearTo IS NULL OR year <= $yearTo))
  WITH a, r, CASE $field WHEN 'NAME' THEN coalesce(a.name, a.id)
                         ELSE coalesce(r.years[-1], -1) END AS key
  WHERE $afterId IS NULL
     OR ($descending AND (key < $afterKey OR (key = $afterKey AND a.id > $afterId)))
     OR (NOT $descending AND (key > $afterKey OR (key = $afterKey AND a.id > $afterId)))
  ORDER BY CASE WHEN $descending THEN key END DESC, CASE WHEN $descending THEN null ELSE key END ASC,
           a.id ASC
  LIMIT $limit
  RETURN collect({key: [key, a.id],
                  author: a {.id, .name, .orcid, .unresolved, .open_to_collaborate},
                  years: coalesce(r.years, [])}) AS rows
}
RETURN id,
       COUNT {
         MATCH (i)<-[r:AFFILIATED_WITH]-(:Author)
         WHERE ($yearFrom IS NULL AND $yearTo IS NULL)
            OR any(year IN coalesce(r.years, [])
                   WHERE ($yearFrom IS NULL OR year >= $yearFrom) AND ($yearTo IS NULL OR year <= $yearTo))
       } AS total,
       rows
