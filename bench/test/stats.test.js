'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const {
  median,
  medianOfRuns,
  ratio,
  checkTarget,
  textTable,
  markdownTable,
  fmtNumber,
} = require('../lib/stats');

test('median of an odd and an even count, ignoring non-numbers', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([5, undefined, NaN, 1, 3]), 3);
  assert.equal(median([]), undefined);
});

test('medianOfRuns takes each numeric field on its own', () => {
  const m = medianOfRuns([
    { eventsPerSec: 10, p99Ms: 5, mode: 'x' },
    { eventsPerSec: 30, p99Ms: 1 },
    { eventsPerSec: 20, p99Ms: 9 },
  ]);
  assert.deepEqual(m, { eventsPerSec: 20, p99Ms: 5 });
});

test('ratio is undefined when either side is missing or the base is zero', () => {
  assert.equal(ratio(10, 4), 2.5);
  assert.equal(ratio(undefined, 4), undefined);
  assert.equal(ratio(10, 0), undefined);
});

test('checkTarget: a missing value is never a pass', () => {
  assert.equal(checkTarget(15, '>=', 15), 'holds');
  assert.equal(checkTarget(14.99, '>=', 15), 'does not hold');
  assert.equal(checkTarget(200, '<=', 200), 'holds');
  assert.equal(checkTarget(201, '<=', 200), 'does not hold');
  assert.equal(checkTarget(undefined, '>=', 1), 'not measured');
  assert.equal(checkTarget(NaN, '<=', 1), 'not measured');
});

test('tables align columns and escape pipes', () => {
  const t = textTable(['a', 'bb'], [['xxx', 'y']]).split('\n');
  assert.equal(t[0], 'a    bb');
  assert.equal(t[2], 'xxx  y ');
  assert.equal(markdownTable(['h'], [['a|b']]), '| h |\n|---|\n| a\\|b |');
});

test('fmtNumber groups thousands and keeps small figures readable', () => {
  assert.equal(fmtNumber(123456.7), '123,457');
  assert.equal(fmtNumber(12.345), '12.3');
  assert.equal(fmtNumber(1.2345), '1.23');
  assert.equal(fmtNumber(undefined), '—');
});
