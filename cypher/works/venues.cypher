// Each work's primary venue (Work.venue); works without one give no row.
UNWIND $ids AS id
MATCH (:Work {id: id})-[:PUBLISHED_IN]->(s:Source)
WITH id, s ORDER BY s.id
WITH id, collect(s)[0] AS s
RETURN id, s {.id, .name, .type, .issn_l} AS source
