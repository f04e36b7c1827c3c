'use strict';
/**
 * Profiling script (not a test, not part of `npm test`): folds a demo city of N groups and times
 * cold city-wide `evaluateCompliance(view, { asOf })` and `applyEvent` replay.
 *
 *   nice node bench/perf/city-perf.js [--groups 5000] [--repeats 5]
 *        [--baseline /tmp/domain-base]   # a `git archive <commit> libs/domain` extracted there:
 *                                         # the same events and figures for the older domain, same run
 *   nice node --cpu-prof --cpu-prof-dir /tmp/prof bench/perf/city-perf.js
 *
 * TypeScript is transpiled on the fly (typescript's transpileModule; `@ledger/*` aliases mapped).
 */
const path = require('node:path');
const Module = require('node:module');
// The workspace's TypeScript (bench/ has its own node_modules for the peer).
const ts = require(require.resolve('typescript', { paths: [path.resolve(__dirname, '../..')] }));

const ROOT = path.resolve(__dirname, '../..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const GROUPS = Number(opt('groups', 5000));
const REPEATS = Number(opt('repeats', 5));
const BASELINE = opt('baseline', undefined);
const TODAY = '2026-06-30';

// --- on-the-fly TypeScript ---------------------------------------------------------------------
const aliasRoot = { '@ledger/domain': 'libs/domain/src', '@ledger/event-store': 'libs/event-store/src', '@ledger/projections': 'libs/projections/src' };
const origResolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  for (const [alias, dir] of Object.entries(aliasRoot)) {
    if (request === alias || request.startsWith(alias + '/')) request = path.join(ROOT, dir, request.slice(alias.length));
  }
  return origResolve.call(this, request, parent, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const src = require('node:fs').readFileSync(filename, 'utf8');
  const out = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true }, fileName: filename });
  module._compile(out.outputText, filename);
};

const { PerformanceObserver, performance } = require('node:perf_hooks');
const gcEntries = [];
new PerformanceObserver((list) => gcEntries.push(...list.getEntries())).observe({ entryTypes: ['gc'] });
const gcWithin = (from, to) => gcEntries.filter((e) => e.startTime >= from && e.startTime < to).reduce((a, e) => a + e.duration, 0);
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function events() {
  const { DemoGenerator } = require(path.join(ROOT, 'libs/projections/src/demo/demo-generator.ts'));
  const out = [];
  const revisions = new Map();
  let position = 0n;
  for (const batch of new DemoGenerator({ groups: GROUPS, today: TODAY, seed: 20201208, generationSize: 200 }).batches()) {
    for (const { streamId, event } of batch) {
      const revision = revisions.has(streamId) ? revisions.get(streamId) + 1n : 0n;
      revisions.set(streamId, revision);
      position += 1n;
      // As read back from the store: data and metadata JSON-parsed (flat strings, not the
      // generator's concatenated ones, which make every Map lookup and comparison slower).
      out.push({ ...JSON.parse(JSON.stringify(event)), streamId, revision, position });
    }
  }
  return out;
}

async function measure(label, domainDir, raw) {
  const domain = require(path.join(domainDir, 'index.ts'));
  let parsed = raw.map((e) => domain.parseRecordedEvent(e));
  const folds = [];
  let view;
  for (let r = 0; r < 3; r++) {
    const t0 = process.hrtime.bigint();
    view = domain.emptyLedgerView();
    for (let i = 0; i < parsed.length; i++) view = domain.applyEvent(view, parsed[i]);
    folds.push(ms(t0));
  }
  const events = parsed.length;
  parsed = null; // the view alone stays live while evaluating, as in the bench harness
  const windows = [];
  const evals = [];
  const cpus = [];
  let findings = 0;
  let digest = '';
  for (let r = 0; r < REPEATS; r++) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    const p0 = performance.now();
    const result = domain.evaluateCompliance(view, { asOf: TODAY });
    evals.push(ms(t0));
    windows.push([p0, performance.now()]);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
    findings = result.length;
    digest = require('node:crypto').createHash('sha256').update(JSON.stringify(result)).digest('hex').slice(0, 12);
  }
  const foldMs = median(folds);
  // Machine load: a fixed 5·10⁷-iteration loop (≈ 60 ms on this machine when idle, ADR 0023).
  const l0 = process.hrtime.bigint();
  let x = 0;
  for (let i = 0; i < 5e7; i++) x = (x + i) | 0;
  const loopMs = Math.round(ms(l0)) + (x === 42 ? 1 : 0);
  await new Promise((r) => setTimeout(r, 50)); // let the gc observer deliver its entries
  const gcMs = windows.map(([a, b]) => Math.round(gcWithin(a, b)));
  return { label, loopMs, events, groups: view.groups.size, applyEventPerSec: Math.round(events / (foldMs / 1000)), evaluateMsMedian: Math.round(median(evals)), evaluateMs: evals.map(Math.round), evaluateCpuMsMedian: Math.round(median(cpus)), evaluateGcMs: gcMs, findings, digest };
}

(async () => {
  const raw = events();
  const rows = [];
  if (BASELINE) rows.push(await measure('baseline', path.join(BASELINE, 'libs/domain/src'), raw));
  rows.push(await measure('current', path.join(ROOT, 'libs/domain/src'), raw));
  if (BASELINE) rows.push(await measure('baseline again', path.join(BASELINE, 'libs/domain/src'), raw));
  const VARIANT = opt('variant', undefined); // another libs/domain tree to compare in the same run
  if (VARIANT) rows.push(await measure('variant', path.join(VARIANT, 'libs/domain/src'), raw));
  if (VARIANT) rows.push(await measure('current again', path.join(ROOT, 'libs/domain/src'), raw));
  for (const r of rows) console.log(JSON.stringify(r));
})();
