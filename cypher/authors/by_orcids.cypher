// Authors by ORCID iD (bare form); the smallest id wins if two records share one.
UNWIND $orcids AS orcid
MATCH (a:Author {orcid: orcid})
WITH orcid, a ORDER BY a.id
WITH orcid, collect(a)[0] AS a
RETURN orcid AS key, a {.id, .name, .orcid, .unresolved, .open_to_collaborate, .claimed} AS author
