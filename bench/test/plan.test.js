'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { defineMeasurements, defineTargets } = require('../lib/plan');
const { checkTarget, ratio } = require('../lib/stats');

const targetsOf = (results, quick = false) =>
  Object.fromEntries(defineTargets(results, { quick, checkTarget, ratio }).map((t) => [t.id, t]));

const good = {
  'raw.durable': { commitsPerSec: 1000 },
  'raw.batch': { rowsPerSec: 100000 },
  'raw.read': { rowsPerSec: 300000 },
  'ours.single': { eventsPerSec: 900 },
  'ours.concurrent': { eventsPerSec: 25000, failed: 0 },
  'ours.batch': { eventsPerSec: 60000 },
  'ours.read': { eventsPerSec: 200000 },
  'peer.single': { eventsPerSec: 150 },
  'peer.concurrent': { eventsPerSec: 0, failed: 64, failures: { NEVER_ANSWERED: 64 } },
  'peer.batch': { eventsPerSec: 10000 },
  'peer.read': { eventsPerSec: 45000 },
  replay: { eventsPerSec: 250000, events: 1000000, peakRssBytes: 600 * 2 ** 20 },
  compliance: { ms: 120 },
  'http.bare.post': { reqPerSec: 10000, p99Ms: 20 },
  'http.bare.get': { reqPerSec: 20000 },
  'http.ours.post': { reqPerSec: 5000, p99Ms: 30 },
  'http.ours.get': { reqPerSec: 12000 },
};

test('every target holds on figures that meet the issue', () => {
  const t = targetsOf(good);
  const failing = Object.values(t).filter((x) => x.status !== 'holds');
  assert.deepEqual(
    failing.map((x) => `${x.id}: ${x.status}`),
    [],
  );
  assert.equal(Object.keys(t).length, 15);
});

test('the ratios are computed against the right limit or peer', () => {
  const t = targetsOf({
    ...good,
    'ours.concurrent': { eventsPerSec: 13000, failed: 0 },
    'ours.batch': { eventsPerSec: 40000 },
  });
  assert.equal(t.T1.status, 'does not hold'); // 13000 / 900 < 15
  assert.equal(t.T2.status, 'does not hold'); // < 20,000
  assert.equal(t.T3.status, 'does not hold'); // 40% of raw
  assert.equal(t.T3.ratioText, '40%');
  assert.equal(t.T5b.status, 'does not hold'); // 4× the peer
  assert.equal(t.T4.status, 'holds');
});

test('a single failed concurrent append fails T5d', () => {
  const t = targetsOf({ ...good, 'ours.concurrent': { eventsPerSec: 30000, failed: 1 } });
  assert.equal(t.T5d.status, 'does not hold');
});

test('a measurement that could not run is "not measured" with its reason, never a pass', () => {
  const t = targetsOf({ ...good, compliance: { error: 'not available: no seeder' } });
  assert.equal(t.T9.status, 'not measured');
  assert.match(t.T9.note, /no seeder/);
});

test('peak memory is judged only at 1,000,000 events', () => {
  const t = targetsOf(
    { ...good, replay: { eventsPerSec: 300000, events: 100000, peakRssBytes: 100 * 2 ** 20 } },
    true,
  );
  assert.equal(t.T8.status, 'not measured');
  assert.match(t.T8.note, /quick/);
  assert.equal(
    targetsOf({ ...good, replay: { ...good.replay, peakRssBytes: 2 ** 30 + 1 } }).T8.status,
    'does not hold',
  );
});

test('the plan has every measurement of the issue, quick or not', () => {
  for (const quick of [false, true]) {
    const ids = defineMeasurements({ quick }).map((m) => m.id);
    for (const id of Object.keys(good)) assert.ok(ids.includes(id), `${id} missing`);
  }
  const replay = defineMeasurements({ quick: false }).find((m) => m.id === 'replay');
  assert.equal(replay.args.events, 1000000);
  assert.equal(
    defineMeasurements({ quick: false }).find((m) => m.id === 'http.ours.post').args.connections,
    64,
  );
});
