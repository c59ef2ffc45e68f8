// Works known only from arXiv (`arxiv:<id>`) that an OpenAlex work of the batch turns out to be:
// the same arXiv id, or the same DOI. (The hints keep the planner on the alternate-id indexes;
// left alone it scans every Work id for the 'arxiv:' prefix.)
UNWIND $rows AS row
CALL (row) {
  MATCH (x:Work {arxiv_id: row.arxiv_id})
  USING INDEX x:Work(arxiv_id)
  WHERE x.id STARTS WITH 'arxiv:'
  RETURN x
  UNION
  MATCH (x:Work {doi: row.doi})
  USING INDEX x:Work(doi)
  WHERE x.id STARTS WITH 'arxiv:'
  RETURN x
}
RETURN row.id AS work, x.id AS duplicate
