// Ranked full-text search over author names (searchAuthors): $text is a Lucene query built by
// resolvers/search.py from the user's words (escaped). Best score first, ties by id; offset paging.
CALL () {
  CALL db.index.fulltext.queryNodes('author_names', $text) YIELD node
  RETURN count(node) AS total
}
CALL () {
  CALL db.index.fulltext.queryNodes('author_names', $text) YIELD node, score
  WITH node, score ORDER BY score DESC, node.id ASC
  SKIP $offset LIMIT $limit
  RETURN collect({score: score,
                  author: node {.id, .name, .orcid, .unresolved, .open_to_collaborate,
                                .claimed}}) AS hits
}
RETURN total, hits
