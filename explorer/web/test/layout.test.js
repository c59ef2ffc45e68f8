import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  LABEL_BELOW,
  LABEL_HALF_WIDTH,
  MIN_GAP,
  RING_GAP,
  arcAround,
  ellipsePerimeter,
  fitViewport,
  ringPositions,
} from '../src/layout.js';

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

test('fitViewport: the nodes and their labels fit inside the padding, centred', () => {
  const nodes = [
    { x: -300, y: -100, size: 34 },
    { x: 300, y: 100, size: 28 },
    { x: 0, y: 0, size: 52 },
  ];
  const canvas = { width: 1000, height: 500, padding: 30, minZoom: 0.15, maxZoom: 3 };
  const { zoom, pan } = fitViewport(nodes, canvas);
  const onScreen = (x, y) => ({ x: pan.x + zoom * x, y: pan.y + zoom * y });
  for (const { x, y, size } of nodes) {
    const left = onScreen(x - Math.max(size / 2, LABEL_HALF_WIDTH), y - size / 2);
    const right = onScreen(x + Math.max(size / 2, LABEL_HALF_WIDTH), y + size / 2 + LABEL_BELOW);
    assert.ok(left.x >= 30 - 1e-9 && left.y >= 30 - 1e-9, JSON.stringify(left));
    assert.ok(right.x <= 970 + 1e-9 && right.y <= 470 + 1e-9, JSON.stringify(right));
  }
  // One axis is filled to the padding, and the box is centred.
  const box = { x1: -357, x2: 357, y1: -117, y2: 100 + 14 + LABEL_BELOW };
  assert.ok(Math.abs(zoom - Math.min(940 / (box.x2 - box.x1), 440 / (box.y2 - box.y1))) < 1e-9);
  assert.ok(Math.abs(onScreen((box.x1 + box.x2) / 2, 0).x - 500) < 1e-9);
});

test('fitViewport: zoom within its limits; nothing to fit gives null', () => {
  const canvas = { width: 1000, height: 500, padding: 30, minZoom: 0.15, maxZoom: 3 };
  assert.equal(fitViewport([{ x: 0, y: 0, size: 10 }], canvas).zoom, 3);
  assert.equal(fitViewport([], canvas), null);
  assert.equal(fitViewport([{ x: 0, y: 0, size: 10 }], { ...canvas, width: 0 }), null);
});
