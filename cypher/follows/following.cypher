// The authors an account follows, most recent first (keyset: since, then author id).
MATCH (:User {id: $userId})-[f:FOLLOWS]->(a:Author)
WITH f, a
ORDER BY f.since DESC, a.id ASC
WITH collect({since: f.since, author: a {.id, .name, .orcid, .unresolved, .open_to_collaborate,
                                        .claimed}}) AS rows
RETURN size(rows) AS total,
       [row IN rows WHERE $after IS NULL
          OR row.since < datetime($after[0])
          OR (row.since = datetime($after[0]) AND row.author.id > $after[1])][..$first] AS page
