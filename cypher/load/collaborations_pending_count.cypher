MATCH (a:Author)
WHERE a.collab_pending = true
RETURN count(a) AS authors
