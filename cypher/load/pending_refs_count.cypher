// How many works still wait for cited works to arrive.
MATCH (w:Work)
WHERE w.pending_refs IS NOT NULL
RETURN count(w) AS works
