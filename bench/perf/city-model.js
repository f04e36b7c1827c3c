'use strict';
/**
 * Measurement script (not a test, not part of `npm test` or `npm run bench`), ADRs 0170 and 0172:
 * the `city-compliance` read model's own costs on the bench's cached 5,000-group view
 * (bench/.data/compliance-5000-*.json, written by `npm run bench`), one or two builds in one process,
 * alternating:
 *   --mode live     the model's live `apply` of `--events` facts of the view sampled across it (µs an event)
 *   --mode tracked  the whole city settled, then `--events` subjects marked dirty and settled as a
 *                   catch-up's tracked subjects are (µs a subject, beside the whole city's µs a subject)
 *
 *   npm run build:server
 *   node bench/perf/city-model.js --mode live [--events 3000] [--rounds 5] [--dist dist] [--variant <dist2>]
 */
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');

const ROOT = path.resolve(__dirname, '../..');
const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'live' },
    events: { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '5' },
    dist: { type: 'string', default: 'dist' },
    variant: { type: 'string' },
  },
});
const N = Number(values.events);
const TODAY = '2026-06-30'; // the day the bench's city is seeded up to
const dataDir = path.join(ROOT, 'bench/.data');
const cached =
  fs.existsSync(dataDir) && fs.readdirSync(dataDir).find((x) => x.startsWith('compliance-5000-'));
if (!cached)
  throw new Error('no bench/.data/compliance-5000-*.json: run `npm run bench` once (BENCH_ONLY=compliance)');
const { text } = JSON.parse(fs.readFileSync(path.join(dataDir, cached), 'utf8'));
const ms = (t) => Number(process.hrtime.bigint() - t) / 1e6;

const builds = [values.dist, values.variant].filter(Boolean).map((dist) => {
  const at = (file) => require(path.resolve(ROOT, dist, file));
  const domain = at('libs/domain/src/index.js');
  const city = at('libs/projections/src/city-compliance/city-compliance.projection.js');
  const { drain } = at('libs/projections/src/runner/read-model.js');
  const view = domain.deserializeLedgerView(text);
  const ctx = { today: TODAY, stateOf: () => view, emitFindings: () => undefined, emitted: [], live: true };
  const model = city.cityComplianceProjection;
  // Every fact of the view as the event that recorded it, and every subject's key.
  const facts = [];
  const keys = [];
  for (const [type, collection] of [
    ['school', view.schools],
    ['group', view.groups],
    ['cooperation', view.cooperations],
  ])
    for (const [id, list] of collection) {
      keys.push(`${type}:${id}`);
      for (const f of list)
        facts.push({
          streamId: `${type}-${id}`,
          type: f.type,
          data: f.data,
          eventId: f.eventId,
          position: 1n,
        });
    }
  return { dist, view, ctx, model, city, drain, facts, keys };
});

function live(b, round) {
  const state = (b.state ??= (() => {
    const s = b.model.initialState();
    b.model.settle(s, b.ctx); // the whole city at TODAY
    return s;
  })());
  const t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) b.model.apply(state, b.facts[(i * 7919 + round) % b.facts.length], b.ctx);
  return { usPerEvent: +((ms(t) * 1000) / N).toFixed(1) };
}

function tracked(b, round) {
  const state = b.model.initialState();
  let t = process.hrtime.bigint();
  b.model.settle(state, b.ctx);
  const city = ms(t);
  for (let i = 0; i < N; i++) state.dirty[b.keys[(i * 7919 + round) % b.keys.length]] = true;
  t = process.hrtime.bigint();
  const steps = b.city.citySettling(state, b.ctx);
  if (steps) b.drain(steps);
  else b.model.settle(state, b.ctx);
  const subjects = ms(t);
  return {
    cityUsPerSubject: +((city * 1000) / b.keys.length).toFixed(1),
    trackedUsPerSubject: +((subjects * 1000) / N).toFixed(1),
  };
}

const measure = { live, tracked }[values.mode];
if (!measure) throw new Error(`--mode live|tracked, not ${values.mode}`);
for (let r = 0; r < Number(values.rounds); r++)
  for (const b of r % 2 ? [...builds].reverse() : builds)
    console.log(JSON.stringify({ round: r + 1, build: b.dist, mode: values.mode, ...measure(b, r) }));
