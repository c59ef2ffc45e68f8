// Works by DOI (lower-case, bare); an OpenAlex record wins over an arXiv-only one, then the
// smallest id.
UNWIND $dois AS doi
MATCH (w:Work {doi: doi})
WITH doi, w ORDER BY w.id STARTS WITH 'arxiv:', w.id
WITH doi, collect(w)[0] AS w
RETURN doi AS key, w {.id, .title, .abstract, .year, .publication_date, .type, .doi, .arxiv_id, .cited_by_count, .journal_ref} AS work
