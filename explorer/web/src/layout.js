// Where nodes go: rings by distance from the centre, and arcs for what an expansion adds.
// Plain numbers and objects in, positions out (no Cytoscape), so node --test checks them.

import { TYPE_ORDER } from './theme.js';

export const MIN_GAP = 56; // px between a placed node and any other
export const NODE_ARC = 95; // px of a ring's perimeter per node
export const RING_GAP = 90; // px between rings, along the short axis

// The perimeter of an ellipse with minor radius 1 and major radius `aspect` (Ramanujan).
export const ellipsePerimeter = (aspect) =>
  Math.PI * (3 * (aspect + 1) - Math.sqrt((3 * aspect + 1) * (aspect + 3)));

const typeRank = (type) => {
  const i = TYPE_ORDER.indexOf(type);
  return i < 0 ? TYPE_ORDER.length : i;
};

// Rings by distance from the centre, drawn as ellipses as wide as the canvas: labels run
// across, so nodes need more room side by side (at the top and bottom, where the ellipse is
// flat and nodes equally spaced in angle lie furthest apart) than stacked (at its sides). Within
// a ring nodes go clockwise from the top, grouped by type, heaviest first. Deterministic.
// `nodes`: [{id, type, ring, weight}]; returns {id: {x, y}}.
export function ringPositions(nodes, { width, height }) {
  const aspect = Math.min(2.2, Math.max(1, width / Math.max(1, height)));
  const rings = new Map();
  for (const n of nodes) {
    if (!rings.has(n.ring)) rings.set(n.ring, []);
    rings.get(n.ring).push(n);
  }
  const positions = {};
  let minor = 0;
  for (const ring of [...rings.keys()].sort((a, b) => a - b)) {
    const members = rings
      .get(ring)
      .sort(
        (a, b) =>
          typeRank(a.type) - typeRank(b.type) || b.weight - a.weight || (a.id < b.id ? -1 : 1),
      );
    if (ring === 0 && members.length === 1) {
      positions[members[0].id] = { x: 0, y: 0 };
      continue;
    }
    // Give each node NODE_ARC px of the ring's perimeter, and leave RING_GAP px between rings.
    minor = Math.max(minor + RING_GAP, (members.length * NODE_ARC) / ellipsePerimeter(aspect));
    const major = minor * aspect;
    members.forEach((n, i) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * i) / members.length;
      positions[n.id] = { x: major * Math.cos(angle), y: minor * Math.sin(angle) };
    });
  }
  return positions;
}

// `count` spots on an arc around `at`, facing away from `center`, none within MIN_GAP of a
// position in `taken` (nor of each other), so that what was already drawn stays where it was.
export function arcAround({ at, center, count, taken }) {
  const away = Math.atan2(at.y - center.y, at.x - center.x) || 0;
  // About 60 px of arc per node; the arc widens to a full circle for big neighbourhoods.
  const span = Math.min(2 * Math.PI * 0.9, Math.max(Math.PI / 2, count * 0.3));
  const radius = Math.max(150, (count * 60) / span);
  const occupied = [...taken];
  return Array.from({ length: count }, (_, i) => {
    const angle = away - span / 2 + (count > 1 ? (i * span) / (count - 1) : span / 2);
    // Step outwards while the spot would sit on a node already drawn (or just placed).
    let spot;
    for (let r = radius, tries = 0; tries < 12; r += 45, tries += 1) {
      spot = { x: at.x + r * Math.cos(angle), y: at.y + r * Math.sin(angle) };
      if (!occupied.some((p) => Math.hypot(p.x - spot.x, p.y - spot.y) < MIN_GAP)) break;
    }
    occupied.push(spot);
    return spot;
  });
}

// Room a node's label takes (theme.js: at most 110 px wide plus 2 px padding each side, below
// the node after a 4 px margin, 12-13 px type plus padding), so that the box of a layout can be
// known from its positions alone.
export const LABEL_HALF_WIDTH = 57;
export const LABEL_BELOW = 26;

// The zoom and pan that fit `nodes` ([{x, y, size}]) and their labels into a `width` x `height`
// canvas with `padding` px around, as Cytoscape's fit does. Cytoscape's fit measures every
// element's style and label first, which on a first visit (nothing compiled yet) took longer
// than drawing the graph; this bound is a few pixels looser at most.
export function fitViewport(nodes, { width, height, padding, minZoom, maxZoom }) {
  if (!nodes.length || width <= 0 || height <= 0) return null;
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const { x, y, size } of nodes) {
    const half = size / 2;
    x1 = Math.min(x1, x - Math.max(half, LABEL_HALF_WIDTH));
    x2 = Math.max(x2, x + Math.max(half, LABEL_HALF_WIDTH));
    y1 = Math.min(y1, y - half);
    y2 = Math.max(y2, y + half + LABEL_BELOW);
  }
  const fit = Math.min((width - 2 * padding) / (x2 - x1), (height - 2 * padding) / (y2 - y1));
  const zoom = Math.min(maxZoom, Math.max(minZoom, fit));
  return { zoom, pan: { x: (width - zoom * (x1 + x2)) / 2, y: (height - zoom * (y1 + y2)) / 2 } };
}
