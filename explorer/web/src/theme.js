// The explorer's look: node and edge types with their colours, shapes and words, and the
// Cytoscape stylesheet built from them. Data only (no DOM, no Cytoscape), so node --test reads it.

// Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), each with
// its own shape so that colour is never the only cue.
export const NODE_TYPES = {
  AUTHOR: { one: 'Person', many: 'People', shape: 'ellipse', color: '#0072B2', size: 34 },
  WORK: { one: 'Work', many: 'Works', shape: 'round-rectangle', color: '#E69F00', size: 28 },
  TOPIC: { one: 'Topic', many: 'Topics', shape: 'diamond', color: '#009E73', size: 32 },
  INSTITUTION: {
    one: 'Institution',
    many: 'Institutions',
    shape: 'hexagon',
    color: '#CC79A7',
    size: 32,
  },
  SOURCE: { one: 'Venue', many: 'Venues', shape: 'triangle', color: '#D55E00', size: 30 },
};
export const TYPE_ORDER = Object.keys(NODE_TYPES);
export const FALLBACK_TYPE = {
  one: 'Node',
  many: 'Other nodes',
  shape: 'rectangle',
  color: '#777777',
  size: 28,
};
export const CENTER_SIZE = 52;
// `weight` names what an edge's weight means; the API gives the others a weight of 1, which is
// neither labelled nor shown.
export const EDGE_TYPES = {
  COLLABORATES_WITH: { verb: 'collaborates with', weight: 'strength', color: '#0072B2' },
  AUTHORED: { verb: 'authored', color: '#8C8C8C' },
  HAS_TOPIC: { verb: 'has topic', weight: 'score', color: '#009E73', line: 'dashed' },
  AFFILIATED_WITH: { verb: 'is affiliated with', color: '#CC79A7', line: 'dashed' },
  PUBLISHED_IN: { verb: 'is published in', color: '#D55E00' },
  CITES: { verb: 'cites', color: '#555555', arrow: true },
  SUBTOPIC_OF: { verb: 'is a subtopic of', color: '#009E73', arrow: true },
};
export const FALLBACK_EDGE = { verb: 'is linked to', color: '#8C8C8C' };

export const nodeType = (type) => NODE_TYPES[type] ?? FALLBACK_TYPE;
export const edgeType = (type) => EDGE_TYPES[type] ?? FALLBACK_EDGE;

// Edge width grows with the square root of the weight, so one strong pair does not drown the rest.
export const edgeWidth = (weight) => Math.min(10, 1 + 3 * Math.sqrt(Math.max(0, weight || 0)));

const EDGE_LABEL = {
  label: 'data(weightLabel)',
  'font-size': 10,
  color: '#1a1a1a',
  'text-rotation': 'autorotate',
  'text-background-color': '#ffffff',
  'text-background-opacity': 0.9,
  'text-background-padding': 2,
  'text-background-shape': 'roundrectangle',
  'min-zoomed-font-size': 7,
};

export function stylesheet() {
  const style = [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        width: 'data(size)',
        height: 'data(size)',
        'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
        'font-size': 12,
        color: '#1a1a1a',
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': 4,
        'text-wrap': 'ellipsis',
        'text-max-width': 110,
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': 2,
        'text-background-shape': 'roundrectangle',
        'min-zoomed-font-size': 7,
        'border-width': 1.5,
        'border-color': '#ffffff',
      },
    },
    {
      selector: 'node.center',
      style: {
        'border-width': 4,
        'border-color': '#1a1a1a',
        'font-size': 13,
        'font-weight': 'bold',
      },
    },
    { selector: 'node.expanded', style: { 'border-width': 3, 'border-color': '#1a1a1a' } },
    {
      selector: 'node:selected',
      style: { 'overlay-color': '#1a1a1a', 'overlay-opacity': 0.18, 'overlay-padding': 6 },
    },
    {
      // Edges recede unless they touch the selected node (focus + context): a slice of a dozen
      // co-authors holds dozens of edges between them. Straight, not bezier: two nodes share one
      // edge (one type links each pair of node types, and graph.js merges a collaboration's two
      // directions), but for a mutual citation, whose two lines then overlap; bundling
      // looked up every edge's parallel edges before the first frame.
      selector: 'edge',
      style: {
        width: 'data(width)',
        'curve-style': 'straight',
        'line-color': '#8C8C8C',
        opacity: 0.2,
      },
    },
    // Only focused and selected edges have a label, so only they carry its style: styling every
    // edge's label took a good part of the first frame on a first visit.
    { selector: 'edge.focus', style: { opacity: 0.95, ...EDGE_LABEL, 'z-index': 5 } },
    {
      selector: 'edge:selected',
      style: { opacity: 1, ...EDGE_LABEL, 'line-color': '#1a1a1a', 'z-index': 10 },
    },
    { selector: '.filtered', style: { display: 'none' } },
  ];
  for (const [type, t] of Object.entries(NODE_TYPES)) {
    style.splice(1, 0, {
      selector: `node[type = "${type}"]`,
      style: { shape: t.shape, 'background-color': t.color },
    });
  }
  // Cytoscape's defaults (solid, no arrow) are left unsaid: each property set costs every edge.
  for (const [type, t] of Object.entries(EDGE_TYPES)) {
    const edgeStyle = { 'line-color': t.color };
    if (t.line) edgeStyle['line-style'] = t.line;
    if (t.arrow)
      Object.assign(edgeStyle, { 'target-arrow-shape': 'triangle', 'target-arrow-color': t.color });
    style.splice(-2, 0, { selector: `edge[type = "${type}"]`, style: edgeStyle });
  }
  return style;
}
