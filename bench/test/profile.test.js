'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { topFrames } = require('../lib/profile');

const frame = (functionName, url = '', lineNumber = 0) => ({ functionName, url, lineNumber, columnNumber: 0, scriptId: '0' });

test('top frames by self time, with total time through the parents', () => {
  const profile = {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2, 5] },
      { id: 2, callFrame: frame('append', 'file:///w/store.js', 9), children: [3, 4] },
      { id: 3, callFrame: frame('stringify'), children: [] },
      { id: 4, callFrame: frame('run', 'file:///w/sqlite.js', 0), children: [] },
      { id: 5, callFrame: frame('(idle)'), children: [] },
    ],
    samples: [3, 3, 3, 4, 2, 5, 5, 5, 5, 5],
  };
  const { frames, busyPct } = topFrames(profile, 3, '/w');
  assert.equal(busyPct, 50);
  assert.deepEqual(
    frames.map((f) => [f.name, f.where, f.selfPct, f.totalPct]),
    [
      ['stringify', '', 60, 60],
      ['run', 'sqlite.js:1', 20, 20],
      ['append', 'store.js:10', 20, 100],
    ],
  );
});
