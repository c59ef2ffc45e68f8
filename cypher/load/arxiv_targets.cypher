// For each arXiv record, the OpenAlex work it is (same arXiv id, the arXiv DOI, or the DOI of its
// published version), if the graph has one: that work is enriched instead of duplicated.
UNWIND $rows AS row
CALL (row) {
  OPTIONAL MATCH (a:Work {arxiv_id: row.arxiv_id})
  WHERE NOT a.id STARTS WITH 'arxiv:'
  RETURN a.id AS by_arxiv_id
  LIMIT 1
}
CALL (row) {
  OPTIONAL MATCH (b:Work {doi: row.arxiv_doi})
  WHERE NOT b.id STARTS WITH 'arxiv:'
  RETURN b.id AS by_arxiv_doi
  LIMIT 1
}
CALL (row) {
  OPTIONAL MATCH (c:Work {doi: row.doi})
  WHERE NOT c.id STARTS WITH 'arxiv:'
  RETURN c.id AS by_doi
  LIMIT 1
}
WITH row, coalesce(by_arxiv_id, by_arxiv_doi, by_doi) AS target
WHERE target IS NOT NULL
RETURN row.key AS key, target
