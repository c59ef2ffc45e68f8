// An author lookup in one statement (schema/query.py folds it when a lookup by id selects one
// `works` page, resolvers/lookups.py author_page): the author's record; with $profile the rest
// of the rows of cypher/authors/profile.cypher (zeros and nulls without); the page of
// cypher/authors/works.cypher ($limit, $afterKey, $afterId, $yearFrom, $yearTo, $type, $topicId,
// $field, $descending as there) as works_total and works_rows, each row with its work's venue
// (as cypher/works/venues.cypher picks it) when $venues and its authorships (as
// cypher/works/authorships.cypher) when $authorships; with $collaborators, a page of
// collaborators of each author of the page's works (cypher/authors/collaborators.cypher, its
// parameters prefixed with collab) as collaborator_pages; the author's $topicsLimit heaviest
// topics (cypher/authors/topics.cypher; 0 when not selected) as topics_rows. Every part is a
// copy of those files' subqueries, so the answers are the same.
UNWIND $ids AS id
MATCH (a:Author {id: id})
CALL (a) {
  OPTIONAL MATCH (a)-[r:AFFILIATED_WITH]->(i:Institution)
  WHERE $profile
  WITH i, r ORDER BY coalesce(r.years[-1], -1) DESC, i.id ASC
  LIMIT 1
  RETURN CASE WHEN i IS NULL THEN null
         ELSE i {.id, .name, .ror, .country_code, .type} END AS affiliation
}
CALL (a) {
  OPTIONAL MATCH (a)-[:AUTHORED]->(w:Work)
  WHERE $profile AND NOT EXISTS { MATCH (:AuthorshipRejection {key: a.id + '|' + w.id}) }
  RETURN count(w) AS works, coalesce(sum(w.cited_by_count), 0) AS citations
}
CALL (a) {
  OPTIONAL MATCH (a)-[:AUTHORED]->(:Work)-[:HAS_TOPIC]->(t:Topic)
  WHERE $profile
  RETURN count(DISTINCT t) AS topics
}
CALL (a) {
  MATCH (a)-[:AUTHORED]->(w:Work)
  WHERE NOT EXISTS { MATCH (:AuthorshipRejection {key: a.id + '|' + w.id}) }
    AND ($yearFrom IS NULL OR w.year >= $yearFrom)
    AND ($yearTo IS NULL OR w.year <= $yearTo)
    AND ($type IS NULL OR w.type = $type)
    AND ($topicId IS NULL
         OR EXISTS { (w)-[:HAS_TOPIC]->(:Topic)-[:SUBTOPIC_OF*0..3]->(:Topic {id: $topicId}) })
  WITH w, CASE $field WHEN 'CITATIONS' THEN coalesce(w.cited_by_count, 0)
                      ELSE coalesce(w.year, -1) END AS value
  WITH w, CASE WHEN $descending THEN -value ELSE value END AS key
  ORDER BY key ASC, w.id ASC
  WITH collect({key: key, w: w}) AS candidates
  RETURN size(candidates) AS works_total,
         [x IN candidates WHERE $afterId IS NULL OR x.key > $afterKey
                         OR (x.key = $afterKey AND x.w.id > $afterId)][..$limit] AS page
}
CALL (page) {
  UNWIND page AS x
  WITH x.key AS key, x.w AS w
  RETURN collect({key: [key, w.id],
                  work: w {.id, .title, .abstract, .year, .publication_date, .type, .doi,
                           .arxiv_id, .cited_by_count, .journal_ref},
                  venue: CASE WHEN $venues THEN head(COLLECT {
                           MATCH (w)-[:PUBLISHED_IN]->(s:Source)
                           RETURN s {.id, .name, .type, .issn_l} AS source ORDER BY s.id
                         }) END,
                  authorships: CASE WHEN $authorships THEN COLLECT {
                           MATCH (b:Author)-[r:AUTHORED]->(w)
                           RETURN {author: b {.id, .name, .orcid, .unresolved,
                                              .open_to_collaborate, .claimed},
                                   position: coalesce(r.position, 'middle'),
                                   corresponding: coalesce(r.corresponding, false)} AS authorship
                           ORDER BY CASE r.position WHEN 'first' THEN 0 WHEN 'last' THEN 2
                                    ELSE 1 END, b.id
                         } END}) AS works_rows
}
CALL (page) {
  UNWIND page AS x
  WITH x.w AS w WHERE $collaborators
  MATCH (b:Author)-[:AUTHORED]->(w)
  WITH DISTINCT b
  CALL (b) {
    MATCH (b)-[c:COLLABORATES_WITH]-(o:Author)
    WHERE $collabClose IS NULL OR (c.strength >= $closeStrength) = $collabClose
    WITH o, c ORDER BY c.strength DESC, c.works DESC, o.id ASC
    WITH collect({o: o, c: c}) AS candidates
    RETURN size(candidates) AS total,
           [x IN candidates WHERE $collabAfterId IS NULL
              OR x.c.strength < $collabAfterStrength
              OR (x.c.strength = $collabAfterStrength AND x.c.works < $collabAfterWorks)
              OR (x.c.strength = $collabAfterStrength AND x.c.works = $collabAfterWorks
                  AND x.o.id > $collabAfterId)
           ][..$collabLimit] AS candidates_page
  }
  CALL (candidates_page) {
    UNWIND candidates_page AS x
    WITH x.o AS o, x.c AS c
    RETURN collect({key: [c.strength, c.works, o.id],
                    author: o {.id, .name, .orcid, .unresolved, .open_to_collaborate, .claimed},
                    works: c.works, first_year: c.first_year, last_year: c.last_year,
                    strength: c.strength}) AS rows
  }
  RETURN collect({id: b.id, total: total, rows: rows}) AS collaborator_pages
}
CALL (a) {
  MATCH (a)-[:AUTHORED]->(w:Work)-[h:HAS_TOPIC]->(t:Topic)
  WITH t, sum(coalesce(h.score, 1.0)) AS weight, count(DISTINCT w) AS works
  ORDER BY weight DESC, works DESC, t.id ASC
  LIMIT $topicsLimit
  RETURN collect({topic: t {.id, .name, .level, works_count: COUNT { (t)<-[:HAS_TOPIC]-() },
                            parent: COLLECT { MATCH (t)-[:SUBTOPIC_OF]->(p:Topic)
                                              RETURN p.id ORDER BY p.id }[0]},
                  weight: weight, works: works}) AS topics_rows
}
RETURN a {.id, .name, .orcid, .unresolved, .open_to_collaborate, .claimed, .description,
          .open_to_collaborate_set_at, .description_set_at, .updated} AS author,
       affiliation,
       works,
       citations,
       topics,
       CASE WHEN $profile
         THEN head([(a)<-[r:CLAIMED]-(:User) | r {.level, .since, .verified_by, .verified_at}])
       END AS claim,
       CASE WHEN $profile THEN COUNT { (a)<-[:FOLLOWS]-(:User) } ELSE 0 END AS followers,
       CASE WHEN $profile THEN COUNT { (a)-[:COLLABORATES_WITH]-() } ELSE 0 END AS collaborators,
       CASE WHEN $profile
         THEN COUNT { (a)-[c:COLLABORATES_WITH]-() WHERE c.strength >= $closeStrength } ELSE 0
       END AS close_collaborators,
       works_total,
       works_rows,
       collaborator_pages,
       topics_rows
