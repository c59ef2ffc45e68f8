// graphSlice: the bounded neighbourhood of one node of any type, shaped for the explorer, in one
// round trip. docs/api.md explains the rules; in short:
// - ring 1: the centre's neighbours over the drawn relationship types; ring 2 (depth 2): the
//   neighbours of ring-1 authors and works, and the parents of ring-1 topics (institutions,
//   sources and topics are hubs: their thousands of members are not expanded at depth 2);
// - a candidate's weight is the summed weight of its edges to the ring before (strength for
//   COLLABORATES_WITH, score for HAS_TOPIC, 1 otherwise); per ring and type the heaviest
//   $limits[type] are kept, ties by prominence (citations), then id;
// - COLLABORATES_WITH edges weaker than $minStrength are ignored everywhere;
// - edges: every drawn relationship between kept nodes, nearest the centre first (the ring of
//   the nearer end, then of the farther), then heaviest, then by ids; at most $maxEdges, chosen
//   so that every node returned is reached from the centre by returned edges (a node the edge
//   budget cannot reach is left out, and the slice is truncated).
// In this model a relationship type fixes the label at each end, so each ring is computed per
// node type over that type's relationships only, as a top-k (ORDER BY ... LIMIT): no candidate
// list is ever sorted or collected whole. A type's top rows are fetched with room for the
// nodes an earlier ring already holds (at most its limit, plus the centre), which are dropped.
CALL () {
  MATCH (c:Author {id: $center}) RETURN c, 'AUTHOR' AS type
  UNION ALL
  MATCH (c:Work {id: $center}) RETURN c, 'WORK' AS type
  UNION ALL
  MATCH (c:Topic {id: $center}) RETURN c, 'TOPIC' AS type
  UNION ALL
  MATCH (c:Institution {id: $center}) RETURN c, 'INSTITUTION' AS type
  UNION ALL
  MATCH (c:Source {id: $center}) RETURN c, 'SOURCE' AS type
}
WITH c, type AS centerType
ORDER BY centerType
LIMIT 1

// Ring 1, one type at a time.
CALL (c) {
  CALL (c) {
    MATCH (c)-[r:COLLABORATES_WITH|AUTHORED|AFFILIATED_WITH]-(n:Author)
    WHERE r.strength IS NULL OR r.strength >= $minStrength
    WITH n, sum(coalesce(r.strength, 1.0)) AS weight
    ORDER BY weight DESC, coalesce(n.cited_by_count, 0) DESC, n.id
    LIMIT $limits.AUTHOR + 2
    RETURN 'AUTHOR' AS type, collect({n: n, weight: weight}) AS ranked
    UNION ALL
    MATCH (c)-[r:AUTHORED|CITES|HAS_TOPIC|PUBLISHED_IN]-(n:Work)
    WITH n, sum(coalesce(r.score, 1.0)) AS weight
    ORDER BY weight DESC, coalesce(n.cited_by_count, 0) DESC, n.id
    LIMIT $limits.WORK + 2
    RETURN 'WORK' AS type, collect({n: n, weight: weight}) AS ranked
    UNION ALL
    MATCH (c)-[r:HAS_TOPIC|SUBTOPIC_OF]-(n:Topic)
    WITH n, sum(coalesce(r.score, 1.0)) AS weight
    ORDER BY weight DESC, n.id
    LIMIT $limits.TOPIC + 2
    RETURN 'TOPIC' AS type, collect({n: n, weight: weight}) AS ranked
    UNION ALL
    MATCH (c)-[r:AFFILIATED_WITH]-(n:Institution)
    WITH n, count(r) * 1.0 AS weight
    ORDER BY weight DESC, n.id
    LIMIT $limits.INSTITUTION + 2
    RETURN 'INSTITUTION' AS type, collect({n: n, weight: weight}) AS ranked
    UNION ALL
    MATCH (c)-[r:PUBLISHED_IN]-(n:Source)
    WITH n, count(r) * 1.0 AS weight
    ORDER BY weight DESC, n.id
    LIMIT $limits.SOURCE + 2
    RETURN 'SOURCE' AS type, collect({n: n, weight: weight}) AS ranked
  }
  WITH type, [x IN ranked WHERE x.n <> c] AS ranked
  RETURN collect({type: type, kept: ranked[..$limits[type]],
                  cut: size(ranked) > $limits[type]}) AS ring1
}
WITH c, centerType, ring1,
     reduce(acc = [], g IN ring1 | acc + [x IN g.kept | x.n]) AS nodes1

// Ring 2 (depth 2 only): from ring-1 authors and works (and topics' parents), one type at a
// time; ring-1 nodes and the centre are dropped from the top rows.
CALL (c, nodes1) {
  WITH c, nodes1, CASE WHEN $depth >= 2 THEN nodes1 ELSE [] END AS frontier
  WITH c, nodes1, [m IN frontier WHERE m:Author] AS authors, [m IN frontier WHERE m:Work] AS works,
       [m IN frontier WHERE m:Topic] AS topics
  CALL (authors, works, topics) {
    CALL (authors, works) {
      UNWIND authors AS m
      MATCH (m)-[r:COLLABORATES_WITH]-(n:Author)
      WHERE r.strength >= $minStrength
      RETURN n, r.strength AS w
      UNION ALL
      UNWIND works AS m
      MATCH (m)<-[:AUTHORED]-(n:Author)
      RETURN n, 1.0 AS w
    }
    WITH n, sum(w) AS weight
    ORDER BY weight DESC, coalesce(n.cited_by_count, 0) DESC, n.id
    LIMIT 2 * $limits.AUTHOR + 2
    RETURN 'AUTHOR' AS type, collect({n: n, weight: weight}) AS ranked
    UNION ALL
    CALL (authors, works) {
      UNWIND authors AS m
      MATCH (m)-[:AUTHORED]->(n:Work)
      RETURN n
      UNION ALL
      UNWIND works AS m
      MATCH (m)-[:CITES]-(n:Work)
      RETURN n
    }
    WITH n, count(*) * 1.0 AS weight
    ORDER BY weight DESC, coalesce(n.cited_by_count, 0) DESC, n.id
    LIMIT 2 * $limits.WORK + 2
    RETURN 'WORK' AS type, collect({n: n, weight: weight}) AS ranked
    UNION ALL
    CALL (works, topics) {
      UNWIND works AS m
      MATCH (m)-[r:HAS_TOPIC]->(n:Topic)
      RETURN n, coalesce(r.score, 1.0) AS w
      UNION ALL
      UNWIND topics AS m
      MATCH (m)-[:SUBTOPIC_OF]->(n:Topic)
      RETURN n, 1.0 AS w
    }
    WITH n, sum(w) AS weight
    ORDER BY weight DESC, n.id
    LIMIT 2 * $limits.TOPIC + 2
    RETURN 'TOPIC' AS type, collect({n: n, weight: weight}) AS ranked
    UNION ALL
    UNWIND authors AS m
    MATCH (m)-[:AFFILIATED_WITH]->(n:Institution)
    WITH n, count(*) * 1.0 AS weight
    ORDER BY weight DESC, n.id
    LIMIT 2 * $limits.INSTITUTION + 2
    RETURN 'INSTITUTION' AS type, collect({n: n, weight: weight}) AS ranked
    UNION ALL
    UNWIND works AS m
    MATCH (m)-[:PUBLISHED_IN]->(n:Source)
    WITH n, count(*) * 1.0 AS weight
    ORDER BY weight DESC, n.id
    LIMIT 2 * $limits.SOURCE + 2
    RETURN 'SOURCE' AS type, collect({n: n, weight: weight}) AS ranked
  }
  WITH type, [x IN ranked WHERE x.n <> c AND NOT x.n IN nodes1] AS ranked
  RETURN collect({type: type, kept: ranked[..$limits[type]],
                  cut: size(ranked) > $limits[type]}) AS ring2
}
WITH c, centerType, ring1, ring2, nodes1,
     [c] + nodes1 + reduce(acc = [], g IN ring2 | acc + [x IN g.kept | x.n]) AS kept

// Edges between kept nodes. Each relationship type is read from the side that has fewer of them
// and its other end checked against the kept nodes of that type only (the checks are what this
// step costs). Candidates are ordered nearest the centre first (the ring of the nearer end, then
// of the farther), then heavier ones, then by ids.
// Nodes and edges are chosen together, so that no node comes without a way to the centre: each
// node's first candidate edge to a nearer ring is its link; the first $maxEdges links (all ring-1
// links come before any ring-2 link) decide which nodes stay, and the other edges between the
// nodes that stay fill what is left of the $maxEdges, in order.
CALL (c, nodes1, kept) {
  WITH c, nodes1, [n IN kept WHERE n:Author] AS authors, [n IN kept WHERE n:Work] AS works,
       [n IN kept WHERE n:Topic] AS topics, [n IN kept WHERE n:Institution] AS institutions,
       [n IN kept WHERE n:Source] AS sources
  CALL (authors, works, topics, institutions, sources) {
    UNWIND works AS b
    MATCH (a:Author)-[r:AUTHORED]->(b)
    WHERE a IN authors
    RETURN a, r, b
    UNION ALL
    UNWIND authors AS a
    MATCH (a)-[r:COLLABORATES_WITH]->(b)
    WHERE r.strength >= $minStrength AND b IN authors
    RETURN a, r, b
    UNION ALL
    UNWIND authors AS a
    MATCH (a)-[r:AFFILIATED_WITH]->(b)
    WHERE b IN institutions
    RETURN a, r, b
    UNION ALL
    UNWIND works AS a
    MATCH (a)-[r:HAS_TOPIC|PUBLISHED_IN|CITES]->(b)
    WHERE CASE type(r) WHEN 'HAS_TOPIC' THEN b IN topics
                       WHEN 'PUBLISHED_IN' THEN b IN sources
                       ELSE b IN works END
    RETURN a, r, b
    UNION ALL
    UNWIND topics AS a
    MATCH (a)-[r:SUBTOPIC_OF]->(b)
    WHERE b IN topics
    RETURN a, r, b
  }
  WITH a, b, r,
       CASE WHEN a = c THEN 0 WHEN a IN nodes1 THEN 1 ELSE 2 END AS ad,
       CASE WHEN b = c THEN 0 WHEN b IN nodes1 THEN 1 ELSE 2 END AS bd
  WITH a.id AS source, b.id AS target, type(r) AS type,
       coalesce(r.strength, r.score, 1.0) AS weight,
       CASE WHEN ad < bd THEN ad ELSE bd END AS near, ad + bd AS span,
       CASE WHEN ad < bd THEN b.id WHEN bd < ad THEN a.id END AS farther
  ORDER BY near, span, weight DESC, source, target, type
  WITH collect({edge: {source: source, target: target, type: type, weight: weight},
                farther: farther}) AS candidates
  CALL (candidates) {
    UNWIND range(0, size(candidates) - 1) AS i
    WITH candidates[i].farther AS node, i
    WHERE node IS NOT NULL
    WITH node, min(i) AS i
    ORDER BY i
    LIMIT $maxEdges
    RETURN collect(i) AS links, collect(node) AS linked
  }
  WITH candidates, links, [c.id] + linked AS stay
  WITH candidates, links, stay,
       [i IN range(0, size(candidates) - 1)
        WHERE candidates[i].edge.source IN stay AND candidates[i].edge.target IN stay
          AND NOT i IN links] AS others
  WITH candidates, stay, links + others[..$maxEdges - size(links)] AS chosen,
       size(links) + size(others) < size(candidates) OR size(others) > $maxEdges - size(links)
         AS edgesCut
  CALL (chosen) {
    UNWIND chosen AS i
    WITH i ORDER BY i
    RETURN collect(i) AS ordered
  }
  RETURN [i IN ordered | candidates[i].edge] AS edges,
         stay, edgesCut
}
WITH c, centerType, edges, edgesCut, stay,
     [g IN ring1 | g {.type, .cut, kept: [x IN g.kept WHERE x.n.id IN stay]}] AS ring1,
     [g IN ring2 | g {.type, .cut, kept: [x IN g.kept WHERE x.n.id IN stay]}] AS ring2
RETURN
  {id: c.id, type: centerType, label: coalesce(c.name, c.title, c.id), weight: 1.0, depth: 0}
    AS center,
  reduce(acc = [], g IN ring1 | acc + [x IN g.kept | {id: x.n.id, type: g.type,
      label: coalesce(x.n.name, x.n.title, x.n.id), weight: x.weight, depth: 1}])
  + reduce(acc = [], g IN ring2 | acc + [x IN g.kept | {id: x.n.id, type: g.type,
      label: coalesce(x.n.name, x.n.title, x.n.id), weight: x.weight, depth: 2}]) AS nodes,
  edges,
  edgesCut OR any(g IN ring1 + ring2 WHERE g.cut) AS truncated
