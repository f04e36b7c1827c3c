'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { renderReport } = require('../lib/report');
const { defineMeasurements, defineTargets } = require('../lib/plan');
const { checkTarget, ratio } = require('../lib/stats');

test('the report names the machine, every figure, the verdicts and the commands', () => {
  const measurements = defineMeasurements({ quick: false });
  const results = Object.fromEntries(measurements.map((m) => [m.id, { error: 'not run' }]));
  results['raw.durable'] = { commitsPerSec: 1234.5, runs: 3, all: [1200, 1234.5, 1300] };
  results['ours.single'] = { eventsPerSec: 1100, runs: 3, all: [1000, 1100, 1200] };
  results['http.ours.post'] = { reqPerSec: 2500, p50Ms: 20, p99Ms: 40, non2xx: 0, warmupSeconds: 5, runs: 1, all: [2500] };
  const targets = defineTargets(results, { quick: false, checkTarget, ratio });
  const md = renderReport({
    started: new Date('2026-11-27T04:05:00Z'),
    elapsedSeconds: 500,
    info: {
      cpu: 'Test CPU',
      cores: 2,
      ramGiB: 24,
      node: 'v20.20.2',
      platform: 'Linux',
      betterSqlite3: '12.x',
      peerSqlite3: '5.x',
      commit: 'abc',
      loadAverage: [1, 2, 3],
      loadAverageEnd: [1, 2, 3],
    },
    measurements,
    results,
    targets,
    profiles: [
      {
        id: 'ours.single',
        for: 'T6',
        window: true,
        command: 'node --cpu-prof …',
        threads: [
          {
            thread: 0,
            file: 'x.cpuprofile',
            busyPct: 90,
            samples: 10,
            frames: [{ name: 'fsync', where: '', selfPct: 50, totalPct: 50 }],
          },
        ],
      },
    ],
    quick: false,
    runs: 3,
    commandOf: (m) => `node bench/cases/${m.script}`,
  });
  assert.match(md, /Test CPU/);
  assert.match(md, /\| raw\.durable \| .* \| 1,235 \| commits\/s \| 3 \| 1,200 \/ 1,235 \/ 1,300 \|/);
  assert.match(
    md,
    /\| T6 \| one durable appender vs raw durable commit \| 1,100 events\/s \| 1,235 commits\/s \(raw\) \| 89% \| ≥ 80% \| ✅ holds \|/,
  );
  assert.match(md, /\| T9 \| .* ⚪ not measured \|/);
  assert.match(md, /### ours\.single \(for T6\)/);
  assert.match(md, /Thread 0 \(not idle 90% of the window\)/);
  assert.match(md, /\| fsync \| \(native\) \| 50\.0 \| 50\.0 \|/);
  assert.match(md, /node bench\/cases\/http\.js/);
  // The HTTP figures say how long the server was loaded before the measured window (ADR 0138).
  assert.match(md, /\| http\.ours\.post \| .* \| p50 20\.0 ms, p99 40\.0 ms, non-2xx 0\.00, after 5\.00 s of warm-up load \|/);
});
