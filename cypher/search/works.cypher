// Ranked full-text search over work titles (searchWorks), as search/authors.
CALL () {
  CALL db.index.fulltext.queryNodes('work_titles', $text) YIELD node
  RETURN count(node) AS total
}
CALL () {
  CALL db.index.fulltext.queryNodes('work_titles', $text) YIELD node, score
  WITH node, score, size([word IN $words WHERE toLower(node.title) CONTAINS word]) AS exact
  ORDER BY score DESC, exact DESC, node.id ASC
  SKIP $offset LIMIT $limit
  RETURN collect({score: score,
                  work: node {.id, .title, .abstract, .year, .publication_date, .type, .doi,
                              .arxiv_id, .cited_by_count, .journal_ref}}) AS hits
}
RETURN total, hits
