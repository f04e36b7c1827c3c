'use strict';
/**
 * City-wide compliance evaluation asOf a day for `groups` groups of the demo city.
 * The demo generator's events for that many groups are folded into the domain's ledger view once
 * (prepared once, cached under bench/.data; not timed); the figure is the median time of one city-wide evaluation at asOf = the demo's day,
 * over `repeats` evaluations. The evaluation is the domain's `evaluateCompliance` when it exports
 * one, else the read side's `evaluateCity` (every subject through the rule pack).
 */
const fs = require('node:fs');
const path = require('node:path');
const { run, report, nowUs, DATA_DIR } = require('../lib/child');
const { median } = require('../lib/stats');
const { requireDist, loadDemoGenerator, fileHash, DIST, ROOT, NotAvailableError } = require('../lib/dist');

const TODAY = '2026-06-30';

function evaluator(domain) {
  if (typeof domain.evaluateCompliance === 'function') {
    return {
      name: 'evaluateCompliance (libs/domain)',
      fn: (view, asOf) => domain.evaluateCompliance(view, { asOf }),
    };
  }
  const engine = path.join(DIST, 'libs/projections/src/city-compliance/compliance-engine.js');
  let mod;
  try {
    mod = require(engine);
  } catch {
    mod = {};
  }
  if (typeof mod.evaluateCity === 'function')
    return {
      name: `evaluateCity (${path.relative(ROOT, engine)})`,
      fn: (view, asOf) => mod.evaluateCity(view, { asOf }),
    };
  throw new NotAvailableError(
    'compliance: neither evaluateCompliance (libs/domain) nor evaluateCity (libs/projections) is built yet',
  );
}

const countFindings = (r) =>
  Array.isArray(r)
    ? r.length
    : r && Array.isArray(r.findings)
      ? r.findings.length
      : r && Array.isArray(r.items)
        ? r.items.length
        : NaN;

/** Folds the demo city into a ledger view; cached (serialized) under bench/.data per generator + domain build. */
function cityView(domain, groups) {
  const { DemoGenerator, file } = loadDemoGenerator();
  const key = `${fileHash(file)}-${fileHash(path.join(DIST, 'libs/domain/src/views/ledger-view.js'))}`;
  const cache = path.join(DATA_DIR, `compliance-${groups}-${key}.json`);
  if (fs.existsSync(cache) && typeof domain.deserializeLedgerView === 'function') {
    const { events, text } = JSON.parse(fs.readFileSync(cache, 'utf8'));
    return { view: domain.deserializeLedgerView(text), events, cached: true };
  }
  let view = domain.emptyLedgerView();
  const revisions = new Map();
  let position = 0n;
  let events = 0;
  for (const batch of new DemoGenerator({
    groups,
    today: TODAY,
    seed: 20201208,
    generationSize: 200,
  }).batches()) {
    for (const { streamId, event } of batch) {
      const revision = revisions.has(streamId) ? revisions.get(streamId) + 1n : 0n;
      revisions.set(streamId, revision);
      position += 1n;
      view = domain.applyEvent(view, domain.parseRecordedEvent({ ...event, streamId, revision, position }));
      events += 1;
    }
  }
  if (typeof domain.serializeLedgerView === 'function') {
    fs.mkdirSync(DATA_DIR, { recursive: true });
    fs.writeFileSync(cache, JSON.stringify({ events, text: domain.serializeLedgerView(view) }));
  }
  return { view, events, cached: false };
}

function loadDomain() {
  const domain = requireDist('libs/domain/src/index.js', 'the domain');
  if (
    typeof domain.applyEvent !== 'function' ||
    typeof domain.emptyLedgerView !== 'function' ||
    typeof domain.parseRecordedEvent !== 'function'
  ) {
    throw new NotAvailableError(
      'compliance: the domain does not export applyEvent / emptyLedgerView / parseRecordedEvent yet',
    );
  }
  return domain;
}

run(async ({ mode = 'evaluate', groups = 5000, repeats = 7 }) => {
  const domain = loadDomain();
  if (mode === 'prepare') {
    const t0 = Date.now();
    const { events, cached } = cityView(domain, groups);
    report({ mode, summary: { groups, events, cached, seconds: (Date.now() - t0) / 1000 } });
    return;
  }
  const { fn, name } = evaluator(domain);
  const t0 = Date.now();
  const { view, events, cached } = cityView(domain, groups);
  const loadSeconds = (Date.now() - t0) / 1000;
  const groupsInView =
    view.groups instanceof Map ? view.groups.size : view.groups ? Object.keys(view.groups).length : undefined;
  const w0 = process.hrtime.bigint();
  let findings = fn(view, TODAY); // warm-up (JIT), not counted
  const warmupMs = Number(process.hrtime.bigint() - w0) / 1e6;
  // Bounded: no more repeats than fit in about 10 s (a slow evaluation is measured fewer times).
  const n = Math.max(1, Math.min(repeats, Math.floor(10000 / Math.max(1, warmupMs))));
  const times = [];
  const startUs = nowUs();
  for (let i = 0; i < n; i++) {
    const s = process.hrtime.bigint();
    findings = fn(view, TODAY);
    times.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  report({
    ms: median(times),
    minMs: Math.min(...times),
    repeats: n,
    warmupMs,
    groups: groupsInView ?? groups,
    events,
    findings: countFindings(findings),
    loadSeconds,
    viewCached: cached,
    evaluator: name,
    asOf: TODAY,
    window: { startUs, endUs: nowUs() },
  });
});
