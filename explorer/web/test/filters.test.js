import assert from 'node:assert/strict';
import { test } from 'node:test';

import { hiddenByFilters } from '../src/filters.js';

// A centre C (ring 0) with co-authors A1 (strong) and A2 (weak) on ring 1, A3 on ring 2 reached
// only through A2, a work W1 of A2's, and a topic T1 of the centre's.
const nodes = [
  { id: 'C', type: 'AUTHOR', ring: 0, center: true, expanded: true },
  { id: 'A1', type: 'AUTHOR', ring: 1, center: false, expanded: false },
  { id: 'A2', type: 'AUTHOR', ring: 1, center: false, expanded: false },
  { id: 'A3', type: 'AUTHOR', ring: 2, center: false, expanded: false },
  { id: 'W1', type: 'WORK', ring: 2, center: false, expanded: false },
  { id: 'T1', type: 'TOPIC', ring: 1, center: false, expanded: false },
];
const edge = (id, source, target, type, weight = 1) => ({ id, source, target, type, weight });
const edges = [
  edge('c-a1', 'C', 'A1', 'COLLABORATES_WITH', 1.5),
  edge('c-a2', 'C', 'A2', 'COLLABORATES_WITH', 0.2),
  edge('a2-a3', 'A2', 'A3', 'COLLABORATES_WITH', 2),
  edge('a2-w1', 'A2', 'W1', 'AUTHORED'),
  edge('c-t1', 'C', 'T1', 'HAS_TOPIC', 0.4),
];
const hide = (options) =>
  hiddenByFilters({
    nodes,
    edges,
    centerId: 'C',
    hiddenTypes: new Set(),
    minStrength: 0,
    ...options,
  });
const sorted = (set) => [...set].sort();

test('nothing is hidden without filters', () => {
  const hidden = hide({});
  assert.deepEqual(sorted(hidden.nodes), []);
  assert.deepEqual(sorted(hidden.edges), []);
});

test('the type filter hides its type but never the centre', () => {
  const hidden = hide({ hiddenTypes: new Set(['AUTHOR', 'TOPIC']) });
  assert.deepEqual(sorted(hidden.nodes), ['A1', 'A2', 'A3', 'T1']);
  assert.deepEqual(sorted(hidden.edges), []);
});

test('a weak line hides the person it alone ties nearer the centre, and what only they bring', () => {
  const hidden = hide({ minStrength: 0.25 });
  assert.deepEqual(sorted(hidden.edges), ['c-a2']);
  // A2's only tie inwards is weak: A2 goes, and with it A3 and W1, reached only through A2.
  assert.deepEqual(sorted(hidden.nodes), ['A2', 'A3', 'W1']);
});

test('a strong tie outwards does not keep a person whose ties inwards are all weak', () => {
  // A2 -> A3 is strong (2), but A3 is farther out: A2 still goes.
  assert.ok(hide({ minStrength: 0.25 }).nodes.has('A2'));
});

test('an expanded person is never cut, and keeps what they reach', () => {
  const expanded = nodes.map((n) => (n.id === 'A2' ? { ...n, expanded: true } : n));
  const hidden = hiddenByFilters({
    nodes: expanded,
    edges,
    centerId: 'C',
    hiddenTypes: new Set(),
    minStrength: 0.25,
  });
  assert.deepEqual(sorted(hidden.edges), ['c-a2']);
  // The weak line is hidden, and nothing else links A2 to the centre.
  assert.deepEqual(sorted(hidden.nodes), ['A2', 'A3', 'W1']);
  const linked = hiddenByFilters({
    nodes: expanded,
    edges: [...edges, edge('c-w1', 'C', 'W1', 'AUTHORED')],
    centerId: 'C',
    hiddenTypes: new Set(),
    minStrength: 0.25,
  });
  // Through the centre's own work, A2 (expanded, so not cut) and then A3 stay.
  assert.deepEqual(sorted(linked.nodes), []);
});

test('the type filter does not change what the strength filter reaches', () => {
  const hidden = hide({ minStrength: 0.25, hiddenTypes: new Set(['WORK']) });
  assert.deepEqual(sorted(hidden.nodes), ['A2', 'A3', 'W1']);
  const kept = hide({ minStrength: 0.1, hiddenTypes: new Set(['WORK']) });
  assert.deepEqual(sorted(kept.nodes), ['W1']); // by its type only: A3 is still reached via A2
});

test('a person without ties inwards is not cut by the strength filter', () => {
  const hidden = hiddenByFilters({
    nodes: [
      { id: 'C', type: 'WORK', ring: 0, center: true, expanded: true },
      { id: 'A1', type: 'AUTHOR', ring: 1, center: false, expanded: false },
    ],
    edges: [edge('a1-c', 'A1', 'C', 'AUTHORED')],
    centerId: 'C',
    hiddenTypes: new Set(),
    minStrength: 3,
  });
  assert.deepEqual(sorted(hidden.nodes), []);
});

test('without the centre in the graph every node is hidden by a strength filter', () => {
  const hidden = hide({ centerId: 'nowhere', minStrength: 0.1 });
  assert.equal(hidden.nodes.size, nodes.length);
});
