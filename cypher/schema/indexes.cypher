// Lookups by alternate ids and the properties that lists sort and filter on.
CREATE INDEX author_orcid IF NOT EXISTS FOR (n:Author) ON (n.orcid);
CREATE INDEX author_unresolved IF NOT EXISTS FOR (n:Author) ON (n.unresolved);
CREATE INDEX work_doi IF NOT EXISTS FOR (n:Work) ON (n.doi);
CREATE INDEX work_arxiv_id IF NOT EXISTS FOR (n:Work) ON (n.arxiv_id);
CREATE INDEX work_year IF NOT EXISTS FOR (n:Work) ON (n.year);
CREATE INDEX institution_ror IF NOT EXISTS FOR (n:Institution) ON (n.ror);
CREATE INDEX collaboration_strength IF NOT EXISTS FOR ()-[r:COLLABORATES_WITH]-() ON (r.strength);
// Loader bookkeeping (loaders/pipeline.py): authors whose collaborations wait for a rebuild, and
// works whose references name works not loaded yet.
CREATE INDEX author_collab_pending IF NOT EXISTS FOR (n:Author) ON (n.collab_pending);
CREATE INDEX work_pending_refs IF NOT EXISTS FOR (n:Work) ON (n.pending_refs);
// Private: expired sign-ins with ORCID are removed by their expiry.
CREATE INDEX oidc_pending_expires IF NOT EXISTS FOR (n:OidcPending) ON (n.expires_at);
CREATE INDEX authorship_rejection_author IF NOT EXISTS FOR (n:AuthorshipRejection) ON (n.author);
