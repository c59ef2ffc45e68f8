// What the legend's type boxes and the minimum collaboration strength hide, as a rule over plain
// nodes and edges (no Cytoscape): the graph view applies its result, node --test checks it, and
// tests/test_explorer_browser.py checks the drawn graph against the same rule.
//
// nodes: [{id, type, ring, center, expanded}]; edges: [{id, source, target, type, weight}].
// Returns {nodes, edges}: the sets of ids to hide.
//
// The minimum collaboration strength:
// 1. COLLABORATES_WITH lines weaker than `minStrength` are hidden;
// 2. so is a person (not the centre, not expanded) who collaborates with people nearer the
//    centre (a lower ring) or with an expanded node, when every such collaboration is weaker:
//    on ring 1, exactly the co-authors graphSlice(minStrength:) leaves out;
// 3. then whatever the remaining lines no longer link to the centre (what only a hidden person
//    brought in: their other works, institutions, co-authors). The type filter plays no part.
export function hiddenByFilters({ nodes, edges, centerId, hiddenTypes, minStrength }) {
  const hiddenNodes = new Set();
  const hiddenEdges = new Set();
  for (const n of nodes) {
    if (!n.center && hiddenTypes.has(n.type)) hiddenNodes.add(n.id);
  }
  if (minStrength > 0) {
    for (const id of hiddenByStrength(nodes, edges, centerId, minStrength, hiddenEdges)) {
      hiddenNodes.add(id);
    }
  }
  return { nodes: hiddenNodes, edges: hiddenEdges };
}

const COLLABORATION = 'COLLABORATES_WITH';

function hiddenByStrength(nodes, edges, centerId, min, hiddenEdges) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const touching = new Map(nodes.map((n) => [n.id, []]));
  for (const e of edges) {
    if (e.type === COLLABORATION && e.weight < min) hiddenEdges.add(e.id);
    touching.get(e.source)?.push(e);
    if (e.target !== e.source) touching.get(e.target)?.push(e);
  }
  const other = (e, id) => byId.get(e.source === id ? e.target : e.source);
  const cut = new Set();
  for (const n of nodes) {
    if (n.type !== 'AUTHOR' || n.expanded) continue;
    const ties = touching.get(n.id).filter((e) => {
      if (e.type !== COLLABORATION) return false;
      const o = other(e, n.id);
      return o !== undefined && (o.expanded || o.ring < n.ring);
    });
    if (ties.length && ties.every((e) => hiddenEdges.has(e.id))) cut.add(n.id);
  }
  const reached = new Set();
  if (byId.has(centerId)) {
    const stack = [centerId];
    reached.add(centerId);
    while (stack.length) {
      const id = stack.pop();
      for (const e of touching.get(id)) {
        if (hiddenEdges.has(e.id)) continue;
        const o = other(e, id);
        if (o === undefined || reached.has(o.id) || cut.has(o.id)) continue;
        reached.add(o.id);
        stack.push(o.id);
      }
    }
  }
  return nodes.filter((n) => !reached.has(n.id)).map((n) => n.id);
}
