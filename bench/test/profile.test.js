'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { topFrames } = require('../lib/profile');

const frame = (functionName, url = '', lineNumber = 0) => ({
  functionName,
  url,
  lineNumber,
  columnNumber: 0,
  scriptId: '0',
});

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
    startTime: 1000,
    timeDeltas: [10, 10, 10, 10, 10, 10, 10, 10, 10, 10],
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

test('only the samples inside the measured window count', () => {
  const profile = {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2, 3] },
      { id: 2, callFrame: frame('require'), children: [] },
      { id: 3, callFrame: frame('append'), children: [] },
    ],
    samples: [2, 2, 2, 3, 3, 2],
    startTime: 0,
    timeDeltas: [100, 100, 100, 100, 100, 100],
  };
  const { frames, samples } = topFrames(profile, 5, '/', { startUs: 350, endUs: 550 });
  assert.equal(samples, 2);
  assert.deepEqual(
    frames.map((f) => [f.name, f.selfPct]),
    [['append', 100]],
  );
});

test('thread ids come from the profile file name', () => {
  const { threadOf } = require('../lib/profile');
  assert.equal(threadOf('/x/CPU.20261127.031500.1234.0.001.cpuprofile'), 0);
  assert.equal(threadOf('CPU.20261127.031500.1234.1.002.cpuprofile'), 1);
});

test('components name the package, our folder or the Node subsystem', () => {
  const { componentOf } = require('../lib/profile');
  assert.equal(componentOf('node_modules/@nestjs/core/router/router-explorer.js:10', 'f'), '@nestjs/core');
  assert.equal(componentOf('node_modules/pino/lib/proto.js:86', 'child'), 'pino');
  assert.equal(componentOf('dist/libs/event-store/src/sqlite/sqlite-event-store.adapter.js:3', 'x'), 'event-store/sqlite');
  assert.equal(componentOf('.tmp/bench-dist/apps/ledger-api/src/commands/command-data.js:7', 'x'), 'ledger-api/commands');
  assert.equal(componentOf('dist/libs/domain/src/index.js:1', 'x'), 'domain');
  assert.equal(componentOf('node:internal/crypto/util:470', 'x'), 'node:crypto');
  assert.equal(componentOf('', '(garbage collector)'), '(garbage collector)');
});
