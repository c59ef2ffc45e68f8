import assert from 'node:assert/strict';
import { test } from 'node:test';

import { EXPAND_SLICE, FIRST_SLICE, sliceVariables } from '../src/slice.js';

test('an expansion leaves limits and maxEdges out, so the API applies its defaults', () => {
  assert.deepEqual(sliceVariables('A1', EXPAND_SLICE), { center: 'A1', depth: 1, minStrength: 0 });
});

test('the first slice sends its own limits and edge cap', () => {
  assert.deepEqual(sliceVariables('A1', FIRST_SLICE), {
    center: 'A1',
    depth: 2,
    minStrength: 0,
    limits: FIRST_SLICE.limits,
    maxEdges: 150,
  });
});
