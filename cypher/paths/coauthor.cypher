// The shortest collaboration path between two authors over COLLABORATES_WITH (read undirected),
// at most 6 hops (the API caps maxHops at 6 and compares). Among equally short paths the
// strongest wins (the sum of strengths), then the smallest list of ids, so the answer is stable.
// At most 1000 shortest paths are weighed, so that dense graphs stay bounded (beyond that the
// choice depends on the order the search finds them in).
OPTIONAL MATCH (a:Author {id: $from})
OPTIONAL MATCH (b:Author {id: $to})
OPTIONAL CALL (a, b) {
  WITH a, b
  WHERE a IS NOT NULL AND b IS NOT NULL AND a <> b
  MATCH p = allShortestPaths((a)-[:COLLABORATES_WITH*..6]-(b))
  WITH p LIMIT 1000
  WITH p, reduce(s = 0.0, r IN relationships(p) | s + r.strength) AS strength,
       [n IN nodes(p) | n.id] AS ids
  ORDER BY strength DESC, ids ASC
  LIMIT 1
  RETURN ids,
         [n IN nodes(p) | n {.id, .name, .orcid, .unresolved, .open_to_collaborate, .claimed}]
           AS authors,
         [r IN relationships(p) | {works: r.works, strength: r.strength,
                                    first_year: r.first_year, last_year: r.last_year}] AS links
}
RETURN a IS NOT NULL AS from_found, b IS NOT NULL AS to_found, ids, authors, links,
       a {.id, .name, .orcid, .unresolved, .open_to_collaborate, .claimed} AS start
