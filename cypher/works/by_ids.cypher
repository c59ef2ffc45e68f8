// Works by id (the work DataLoader): one row per id that exists.
UNWIND $ids AS id
MATCH (w:Work {id: id})
RETURN w {.id, .title, .abstract, .year, .publication_date, .type, .doi, .arxiv_id, .cited_by_count, .journal_ref} AS work
