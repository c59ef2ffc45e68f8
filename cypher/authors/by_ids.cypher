// Authors by id (the author DataLoader): one row per id that exists.
UNWIND $ids AS id
MATCH (a:Author {id: id})
RETURN a {.id, .name, .orcid, .unresolved, .open_to_collaborate, .claimed} AS author
