'use strict';
/**
 * What `npm run bench` measures (defineMeasurements) and the issue's targets over those figures
 * (defineTargets). Pure: the runner executes the plan, bench/test checks the target logic.
 */
const { fmtNumber } = require('./stats');

const GiB = 2 ** 30;

/** The measurements, in the order they run within a round. */
function defineMeasurements({ quick }) {
  const s = quick ? 1 : 2; // seconds of a store measurement window
  const rows = quick ? 20000 : 50000; // events in the read measurements
  // Warm-up before each HTTP window: ours' POST needs 3–4 s of load after start to reach its steady
  // rate (JIT, the young generation's sizing), the bare app's 2–3 s, so 5 s keeps the ramp out of
  // the measured window for both (ADR 0138).
  const http = quick ? { seconds: 3, warmupSeconds: 1 } : { seconds: 6, warmupSeconds: 5 };
  const replayEvents = quick ? 100000 : 1000000;
  const m = (id, label, script, args, metric, unit, extra = {}) => ({
    id,
    label,
    script,
    args,
    metric,
    unit,
    timeoutSeconds: 120,
    ...extra,
  });
  return [
    m(
      'raw.durable',
      'raw better-sqlite3: durable single-row commit (WAL, synchronous=FULL)',
      'raw-sqlite.js',
      { mode: 'durable-commit', seconds: s },
      'commitsPerSec',
      'commits/s',
    ),
    m(
      'raw.batch',
      'raw better-sqlite3: batched insert, 100 rows a transaction',
      'raw-sqlite.js',
      { mode: 'batch-insert', seconds: s },
      'rowsPerSec',
      'rows/s',
    ),
    m(
      'raw.read',
      'raw better-sqlite3: read in position order + JSON.parse',
      'raw-sqlite.js',
      { mode: 'read-parse', seconds: s, rows },
      'rowsPerSec',
      'rows/s',
    ),
    m(
      'ours.single',
      'ours: one durable appender, one event an append',
      'ours-store.js',
      { mode: 'single', seconds: s },
      'eventsPerSec',
      'events/s',
      { profileProcess: 'self' },
    ),
    m(
      'ours.concurrent',
      'ours: 64 concurrent durable appenders (group commit)',
      'ours-store.js',
      { mode: 'concurrent', seconds: s, concurrency: 64 },
      'eventsPerSec',
      'events/s',
      { profileProcess: 'self' },
    ),
    m(
      'ours.batch',
      'ours: 100-event appends',
      'ours-store.js',
      { mode: 'batch', seconds: s },
      'eventsPerSec',
      'events/s',
      { profileProcess: 'self' },
    ),
    m(
      'ours.read',
      'ours: global-log read (readAll, 1000 a page)',
      'ours-store.js',
      { mode: 'read', seconds: s, rows },
      'eventsPerSec',
      'events/s',
      { profileProcess: 'self' },
    ),
    m(
      'peer.single',
      'peer (Emmett SQLite): one appender',
      'peer-emmett.js',
      { mode: 'single', seconds: s },
      'eventsPerSec',
      'events/s',
    ),
    m(
      'peer.concurrent',
      'peer (Emmett SQLite): 64 concurrent appenders',
      'peer-emmett.js',
      { mode: 'concurrent', seconds: s, concurrency: 64 },
      'eventsPerSec',
      'events/s',
    ),
    m(
      'peer.batch',
      'peer (Emmett SQLite): 100-event appends',
      'peer-emmett.js',
      { mode: 'batch', seconds: s },
      'eventsPerSec',
      'events/s',
    ),
    m(
      'peer.read',
      'peer (Emmett SQLite): read (best of global log and streams)',
      'peer-emmett.js',
      { mode: 'read', seconds: s, rows: quick ? 10000 : 20000 },
      'eventsPerSec',
      'events/s',
    ),
    m(
      'replay',
      `replay of ${fmtNumber(replayEvents)} seeded events into all read models`,
      'replay.js',
      { mode: 'replay', events: replayEvents, budgetSeconds: quick ? 45 : 180 },
      'eventsPerSec',
      'events/s',
      {
        timeoutSeconds: 600,
        // One replay of a million events is itself a long measurement: one run, bounded in time.
        runs: 1,
        profileArgs: { maxEvents: 150000, budgetSeconds: 60 },
        needs: 'replayDb',
        profileProcess: 'self',
        prepare: {
          name: 'replayDb',
          script: 'replay.js',
          args: { mode: 'seed', events: replayEvents },
          timeoutSeconds: 900,
        },
      },
    ),
    m(
      'compliance',
      'city-wide compliance evaluation asOf a day, 5,000 groups',
      'compliance.js',
      { mode: 'evaluate', groups: 5000, repeats: quick ? 3 : 7 },
      'ms',
      'ms',
      {
        timeoutSeconds: 300,
        needs: 'complianceView',
        profileProcess: 'self',
        prepare: {
          name: 'complianceView',
          script: 'compliance.js',
          args: { mode: 'prepare', groups: 5000 },
          timeoutSeconds: 600,
        },
      },
    ),
    m(
      'http.bare.post',
      'bare NestJS + Fastify: POST /schools (same DTO validation, no store)',
      'http.js',
      { target: 'bare', route: 'post', connections: 64, ...http },
      'reqPerSec',
      'req/s',
      { profileProcess: 'server' },
    ),
    m(
      'http.bare.get',
      'bare NestJS + Fastify: trivial GET',
      'http.js',
      { target: 'bare', route: 'get', connections: 64, ...http },
      'reqPerSec',
      'req/s',
      { profileProcess: 'server' },
    ),
    m(
      'http.ours.post',
      'ours: POST /api/v1/schools (validated, authenticated, appended)',
      'http.js',
      { target: 'ours', route: 'post', connections: 64, ...http },
      'reqPerSec',
      'req/s',
      { profileProcess: 'server' },
    ),
    m(
      'http.ours.post.streams',
      'ours: POST /api/v1/schools while 100 clients follow GET /api/v1/stream (dashboards; no target, ADR 0187)',
      'http.js',
      { target: 'ours', route: 'post', connections: 64, streams: 100, ...http },
      'reqPerSec',
      'req/s',
      { profileProcess: 'server' },
    ),
    m(
      'http.ours.get',
      'ours: GET /api/v1/groups/:id',
      'http.js',
      { target: 'ours', route: 'get', connections: 64, ...http },
      'reqPerSec',
      'req/s',
      { profileProcess: 'server' },
    ),
  ];
}

/**
 * The issue's targets over the medians. Each row: { id, label, figure, against, ratioText, target,
 * status ('holds' | 'does not hold' | 'not measured'), note?, profile: measurement ids to profile }.
 */
function defineTargets(results, { quick, checkTarget, ratio }) {
  const v = (id, key) => (results[id] && !results[id].error ? results[id][key] : undefined);
  const eps = (id) => v(id, 'eventsPerSec');
  const why = (...ids) => {
    const missing = ids.filter((id) => !results[id] || results[id].error);
    return missing.length
      ? `not measured: ${missing.map((id) => `${id} (${(results[id] && results[id].error) || 'not run'})`).join('; ')}`
      : undefined;
  };
  const rows = [];
  const add = (row) => rows.push({ note: row.note ?? why(...row.uses), ...row });
  const x = (r) => (r === undefined ? '—' : `${fmtNumber(r, 2)}×`);
  const pct = (r) => (r === undefined ? '—' : `${(r * 100).toFixed(0)}%`);

  const conc = ratio(eps('ours.concurrent'), eps('ours.single'));
  add({
    id: 'T1',
    uses: ['ours.concurrent', 'ours.single'],
    label: '64 concurrent appenders vs one',
    figure: `${fmtNumber(eps('ours.concurrent'))} events/s`,
    against: `${fmtNumber(eps('ours.single'))} events/s (one appender)`,
    ratioText: x(conc),
    target: '≥ 15×',
    status: checkTarget(conc, '>=', 15),
    profile: ['ours.concurrent'],
  });
  add({
    id: 'T2',
    uses: ['ours.concurrent'],
    label: '64 concurrent appenders, absolute',
    figure: `${fmtNumber(eps('ours.concurrent'))} events/s`,
    against: '—',
    ratioText: '—',
    target: '≥ 20,000 events/s',
    status: checkTarget(eps('ours.concurrent'), '>=', 20000),
    profile: ['ours.concurrent'],
  });
  const batchRaw = ratio(eps('ours.batch'), v('raw.batch', 'rowsPerSec'));
  add({
    id: 'T3',
    uses: ['ours.batch', 'raw.batch'],
    label: 'batch append vs raw batched insert',
    figure: `${fmtNumber(eps('ours.batch'))} events/s`,
    against: `${fmtNumber(v('raw.batch', 'rowsPerSec'))} rows/s (raw)`,
    ratioText: pct(batchRaw),
    target: '≥ 50%',
    status: checkTarget(batchRaw, '>=', 0.5),
    profile: ['ours.batch'],
  });
  const readRaw = ratio(eps('ours.read'), v('raw.read', 'rowsPerSec'));
  add({
    id: 'T4',
    uses: ['ours.read', 'raw.read'],
    label: 'global-log read vs raw read + JSON.parse',
    figure: `${fmtNumber(eps('ours.read'))} events/s`,
    against: `${fmtNumber(v('raw.read', 'rowsPerSec'))} rows/s (raw)`,
    ratioText: pct(readRaw),
    target: '≥ 60%',
    status: checkTarget(readRaw, '>=', 0.6),
    profile: ['ours.read'],
  });
  const singlePeer = ratio(eps('ours.single'), eps('peer.single'));
  add({
    id: 'T5a',
    uses: ['ours.single', 'peer.single'],
    label: 'one appender vs the peer',
    figure: `${fmtNumber(eps('ours.single'))} events/s`,
    against: `${fmtNumber(eps('peer.single'))} events/s (peer)`,
    ratioText: x(singlePeer),
    target: '≥ 5×',
    status: checkTarget(singlePeer, '>=', 5),
    profile: ['ours.single'],
  });
  const batchPeer = ratio(eps('ours.batch'), eps('peer.batch'));
  add({
    id: 'T5b',
    uses: ['ours.batch', 'peer.batch'],
    label: 'batch append vs the peer',
    figure: `${fmtNumber(eps('ours.batch'))} events/s`,
    against: `${fmtNumber(eps('peer.batch'))} events/s (peer)`,
    ratioText: x(batchPeer),
    target: '≥ 5×',
    status: checkTarget(batchPeer, '>=', 5),
    profile: ['ours.batch'],
  });
  const readPeer = ratio(eps('ours.read'), eps('peer.read'));
  add({
    id: 'T5c',
    uses: ['ours.read', 'peer.read'],
    label: 'read vs the peer',
    figure: `${fmtNumber(eps('ours.read'))} events/s`,
    against: `${fmtNumber(eps('peer.read'))} events/s (peer)`,
    ratioText: x(readPeer),
    target: '≥ 4×',
    status: checkTarget(readPeer, '>=', 4),
    profile: ['ours.read'],
  });
  const oursFailed = v('ours.concurrent', 'failed');
  const peerFailed = v('peer.concurrent', 'failed');
  const peerFailures =
    results['peer.concurrent'] && !results['peer.concurrent'].error
      ? describeFailures(results['peer.concurrent'])
      : '—';
  add({
    id: 'T5d',
    uses: ['ours.concurrent', 'peer.concurrent'],
    label: '64 concurrent appenders: failed appends',
    figure: oursFailed === undefined ? '—' : `${oursFailed} failed`,
    against:
      peerFailed === undefined
        ? '—'
        : `peer: ${peerFailed} failed${peerFailures ? ` (${peerFailures})` : ''}`,
    ratioText: '—',
    target: '0 where the peer fails',
    status: oursFailed === undefined ? 'not measured' : oursFailed === 0 ? 'holds' : 'does not hold',
    profile: ['ours.concurrent'],
  });
  const durable = ratio(eps('ours.single'), v('raw.durable', 'commitsPerSec'));
  add({
    id: 'T6',
    uses: ['ours.single', 'raw.durable'],
    label: 'one durable appender vs raw durable commit',
    figure: `${fmtNumber(eps('ours.single'))} events/s`,
    against: `${fmtNumber(v('raw.durable', 'commitsPerSec'))} commits/s (raw)`,
    ratioText: pct(durable),
    target: '≥ 80%',
    status: checkTarget(durable, '>=', 0.8),
    profile: ['ours.single'],
  });
  const replayEvents = v('replay', 'events');
  const atScale = replayEvents !== undefined && replayEvents >= 1000000;
  const stopped = results.replay && results.replay.first ? results.replay.first.stoppedEarly : undefined;
  add({
    id: 'T7',
    uses: ['replay'],
    note: stopped ? `replay ${stopped}: the rate is over that prefix` : undefined,
    label: `replay into all read models${replayEvents !== undefined ? ` (${fmtNumber(replayEvents)} events)` : ''}`,
    figure: `${fmtNumber(eps('replay'))} events/s`,
    against: '—',
    ratioText: '—',
    target: '≥ 200,000 events/s',
    status: checkTarget(eps('replay'), '>=', 200000),
    profile: ['replay'],
  });
  const peak = v('replay', 'peakRssBytes');
  add({
    id: 'T8',
    uses: ['replay'],
    label: 'replay peak memory (RSS)',
    figure: peak === undefined ? '—' : `${fmtNumber(peak / 2 ** 20)} MiB`,
    against: '—',
    ratioText: '—',
    target: '≤ 1 GiB for 1,000,000 events',
    status: atScale ? checkTarget(peak, '<=', GiB) : 'not measured',
    note:
      atScale || peak === undefined
        ? undefined
        : `measured at ${fmtNumber(replayEvents)} events${stopped ? ` (${stopped})` : quick ? ' (quick run)' : ''}, not at 1,000,000`,
    profile: [],
  });
  const ms = v('compliance', 'ms');
  add({
    id: 'T9',
    uses: ['compliance'],
    label: 'compliance for 5,000 groups',
    figure: ms === undefined ? '—' : `${fmtNumber(ms)} ms`,
    against: '—',
    ratioText: '—',
    target: '≤ 200 ms',
    status: checkTarget(ms, '<=', 200),
    profile: ['compliance'],
  });
  const post = ratio(v('http.ours.post', 'reqPerSec'), v('http.bare.post', 'reqPerSec'));
  add({
    id: 'T10',
    uses: ['http.ours.post', 'http.bare.post'],
    label: 'command POST vs bare framework POST',
    figure: `${fmtNumber(v('http.ours.post', 'reqPerSec'))} req/s`,
    against: `${fmtNumber(v('http.bare.post', 'reqPerSec'))} req/s (bare)`,
    ratioText: pct(post),
    target: '≥ 40%',
    status: checkTarget(post, '>=', 0.4),
    profile: ['http.ours.post'],
  });
  const p99 = v('http.ours.post', 'p99Ms');
  add({
    id: 'T11',
    uses: ['http.ours.post'],
    label: 'command POST p99 latency (64 connections)',
    figure: p99 === undefined ? '—' : `${fmtNumber(p99)} ms`,
    against: `bare: ${fmtNumber(v('http.bare.post', 'p99Ms'))} ms`,
    ratioText: '—',
    target: '≤ 50 ms',
    status: checkTarget(p99, '<=', 50),
    profile: ['http.ours.post'],
  });
  const get = ratio(v('http.ours.get', 'reqPerSec'), v('http.bare.get', 'reqPerSec'));
  add({
    id: 'T12',
    uses: ['http.ours.get', 'http.bare.get'],
    label: 'GET one group vs bare framework GET',
    figure: `${fmtNumber(v('http.ours.get', 'reqPerSec'))} req/s`,
    against: `${fmtNumber(v('http.bare.get', 'reqPerSec'))} req/s (bare)`,
    ratioText: pct(get),
    target: '≥ 50%',
    status: checkTarget(get, '>=', 0.5),
    profile: ['http.ours.get'],
  });
  return rows;
}

function describeFailures(result) {
  const parts = Object.entries(result.failures || {}).map(([k, n]) => `${k} ${n}`);
  const logged = Object.entries(result.loggedErrors || {}).map(([k, n]) => `${k} logged ${n}`);
  return [...parts, ...logged].join(', ');
}

module.exports = { defineMeasurements, defineTargets, describeFailures };
