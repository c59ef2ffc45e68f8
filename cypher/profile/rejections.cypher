// The authorships a record's holder rejected, per author, newest first, with the reason.
UNWIND $ids AS id
MATCH (r:AuthorshipRejection {author: id})
MATCH (w:Work {id: r.work})
WITH id, r, w ORDER BY r.at DESC
RETURN id, collect({at: r.at, reason: r.reason,
                    work: w {.id, .title, .abstract, .year, .publication_date, .type, .doi,
                             .arxiv_id, .cited_by_count, .journal_ref}}) AS rejections
