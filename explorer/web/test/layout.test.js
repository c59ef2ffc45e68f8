import assert from 'node:assert/strict';
import { test } from 'node:test';

import { MIN_GAP, RING_GAP, arcAround, ellipsePerimeter, ringPositions } from '../src/layout.js';

const distance = (p, q) => Math.hypot(p.x - q.x, p.y - q.y);

test('the perimeter of a circle is 2 pi', () => {
  assert.ok(Math.abs(ellipsePerimeter(1) - 2 * Math.PI) < 1e-12);
  assert.ok(ellipsePerimeter(2) > ellipsePerimeter(1));
});

test('rings: the centre at the origin, rings outwards, by type then weight, from the top', () => {
  const nodes = [
    { id: 'C', type: 'AUTHOR', ring: 0, weight: 1 },
    { id: 'W1', type: 'WORK', ring: 1, weight: 5 },
    { id: 'A1', type: 'AUTHOR', ring: 1, weight: 1 },
    { id: 'A2', type: 'AUTHOR', ring: 1, weight: 3 },
    { id: 'X', type: 'AUTHOR', ring: 2, weight: 1 },
  ];
  const at = ringPositions(nodes, { width: 800, height: 400 });
  assert.deepEqual(at.C, { x: 0, y: 0 });
  // Authors before works, heavier first: A2 at the top (angle -90 degrees).
  assert.ok(Math.abs(at.A2.x) < 1e-9 && at.A2.y < 0);
  const ring1 = ['W1', 'A1', 'A2'].map((id) => distance(at[id], at.C));
  assert.ok(Math.min(...ring1) > 0);
  // Ring 2 lies at least RING_GAP further out along the short axis.
  assert.ok(Math.abs(at.X.y) >= Math.abs(at.A2.y) + RING_GAP - 1e-9);
  // Wider than tall: an ellipse (aspect capped at 2.2).
  const right = Object.values(at).reduce((m, p) => Math.max(m, p.x), 0);
  assert.ok(right > Math.abs(at.A2.y));
});

test('rings are deterministic whatever the input order', () => {
  const nodes = [
    { id: 'C', type: 'AUTHOR', ring: 0, weight: 1 },
    { id: 'B', type: 'TOPIC', ring: 1, weight: 1 },
    { id: 'A', type: 'TOPIC', ring: 1, weight: 1 },
  ];
  const size = { width: 500, height: 500 };
  assert.deepEqual(ringPositions(nodes, size), ringPositions([...nodes].reverse(), size));
});

test('an arc faces away from the centre and keeps clear of drawn nodes', () => {
  const taken = [
    { x: 0, y: 0 },
    { x: 200, y: 0 },
  ];
  const spots = arcAround({ at: { x: 200, y: 0 }, center: { x: 0, y: 0 }, count: 5, taken });
  assert.equal(spots.length, 5);
  for (const [i, spot] of spots.entries()) {
    assert.ok(spot.x > 200 - 1e-9 || Math.abs(spot.y) > 0, 'away from the centre');
    for (const p of [...taken, ...spots.slice(0, i)]) assert.ok(distance(spot, p) >= MIN_GAP);
  }
});

test('an arc of one node lies straight outwards', () => {
  const [spot] = arcAround({ at: { x: 0, y: 100 }, center: { x: 0, y: 0 }, count: 1, taken: [] });
  assert.ok(Math.abs(spot.x) < 1e-9 && spot.y > 100);
});
