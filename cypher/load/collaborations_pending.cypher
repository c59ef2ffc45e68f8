// Authors whose co-authorships changed since their collaborations were last rebuilt.
MATCH (a:Author)
WHERE a.collab_pending = true
RETURN a.id AS id
LIMIT $limit
