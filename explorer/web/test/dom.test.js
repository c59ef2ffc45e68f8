import assert from 'node:assert/strict';
import { test } from 'node:test';

import { formatNumber, plural } from '../src/dom.js';

test('numbers read as Intl formats them, small counts without making a formatter', () => {
  const intl = new Intl.NumberFormat('en');
  for (const value of [0, 1, 7, 999, -999, 1000, 12345, -1234567, 0.5, 3.14159, 999.5]) {
    assert.equal(formatNumber(value), intl.format(value), String(value));
  }
  assert.equal(plural(1, 'link'), '1 link');
  assert.equal(plural(1200, 'link'), '1,200 links');
});
