// Ranked full-text search over author names (searchAuthors): $text is a Lucene query built by
// resolvers/search.py from the user's words (escaped); the index folds case and accents. Best score
// first; among equal scores, the hits holding more of $words as typed (accents and all), then by
// id; offset paging.
CALL () {
  CALL db.index.fulltext.queryNodes('author_names', $text) YIELD node
  RETURN count(node) AS total
}
CALL () {
  CALL db.index.fulltext.queryNodes('author_names', $text) YIELD node, score
  WITH node, score, size([word IN $words WHERE toLower(node.name) CONTAINS word]) AS exact
  ORDER BY score DESC, exact DESC, node.id ASC
  SKIP $offset LIMIT $limit
  RETURN collect({score: score,
                  author: node {.id, .name, .orcid, .unresolved, .open_to_collaborate,
                                .claimed}}) AS hits
}
RETURN total, hits
