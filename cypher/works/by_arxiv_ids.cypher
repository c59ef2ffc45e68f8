// Works by arXiv id (no version); an OpenAlex record wins over an arXiv-only one.
UNWIND $arxivIds AS arxivId
MATCH (w:Work {arxiv_id: arxivId})
WITH arxivId, w ORDER BY w.id STARTS WITH 'arxiv:', w.id
WITH arxivId, collect(w)[0] AS w
RETURN arxivId AS key, w {.id, .title, .abstract, .year, .publication_date, .type, .doi, .arxiv_id, .cited_by_count, .journal_ref} AS work
