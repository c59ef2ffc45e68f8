import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  EDGE_TYPES,
  FALLBACK_TYPE,
  NODE_TYPES,
  TYPE_ORDER,
  edgeType,
  edgeWidth,
  nodeType,
  stylesheet,
} from '../src/theme.js';

test('every node type has its own colour and shape', () => {
  const types = Object.values(NODE_TYPES);
  assert.equal(new Set(types.map((t) => t.color)).size, types.length);
  assert.equal(new Set(types.map((t) => t.shape)).size, types.length);
  assert.deepEqual(TYPE_ORDER, ['AUTHOR', 'WORK', 'TOPIC', 'INSTITUTION', 'SOURCE']);
});

test('unknown types fall back instead of failing', () => {
  assert.equal(nodeType('PLANET'), FALLBACK_TYPE);
  assert.equal(edgeType('ORBITS').verb, 'is linked to');
  assert.equal(edgeType('CITES'), EDGE_TYPES.CITES);
});

test('edge width grows with the square root of the weight, from 1 up to 10', () => {
  assert.equal(edgeWidth(0), 1);
  assert.equal(edgeWidth(undefined), 1);
  assert.equal(edgeWidth(-3), 1);
  assert.equal(edgeWidth(1), 4);
  assert.equal(edgeWidth(4), 7);
  assert.equal(edgeWidth(100), 10);
});

test('the stylesheet styles each type, and filtered elements are not displayed', () => {
  const style = stylesheet();
  for (const type of TYPE_ORDER) {
    const rule = style.find((r) => r.selector === `node[type = "${type}"]`);
    assert.equal(rule.style['background-color'], NODE_TYPES[type].color);
  }
  for (const type of Object.keys(EDGE_TYPES)) {
    assert.ok(
      style.some((r) => r.selector === `edge[type = "${type}"]`),
      type,
    );
  }
  assert.deepEqual(style.at(-1), { selector: '.filtered', style: { display: 'none' } });
});
