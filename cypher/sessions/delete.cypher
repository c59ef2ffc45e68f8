// Sign-out: the session is gone for good (a copied cookie no longer works).
MATCH (s:Session {key: $key})
DETACH DELETE s
