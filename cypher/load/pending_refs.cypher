// The works still waiting for cited works to arrive (linked in batches: resolve_pending_refs).
MATCH (w:Work)
WHERE w.pending_refs IS NOT NULL
RETURN w.id AS id
