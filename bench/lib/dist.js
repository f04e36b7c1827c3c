'use strict';
/** Loading the project's compiled code (dist/, from `npm run build:server`) with a clear reason when absent. */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
// BENCH_DIST: a private build (e.g. .tmp/bench-dist) so that developing the bench never rewrites the
// shared dist/ under other engineers' feet. Must stay inside the repository (module resolution).
const DIST = path.resolve(ROOT, process.env.BENCH_DIST || 'dist');

class NotAvailableError extends Error {
  constructor(message) {
    super(message);
    this.name = 'NotAvailableError';
    this.code = 'NOT_AVAILABLE';
  }
}

/** `require` of dist/<rel>, or a NotAvailableError naming what is missing. */
function requireDist(rel, what) {
  const file = path.join(DIST, rel);
  if (!fs.existsSync(file))
    throw new NotAvailableError(`${what}: ${path.relative(ROOT, file)} is not built (npm run build:server)`);
  return require(file);
}

/** A named export of a dist module, or a NotAvailableError. */
function distExport(rel, name, what) {
  const mod = requireDist(rel, what);
  if (typeof mod[name] !== 'function' && mod[name] === undefined)
    throw new NotAvailableError(
      `${what}: ${path.relative(ROOT, path.join(DIST, rel))} does not export ${name} yet`,
    );
  return mod[name];
}

/**
 * Opens our SQLite event store in `dataDir`: the factory the API uses, or with `synchronous`
 * (seeding prepared data only, where durability does not matter) the adapter's own open.
 */
async function openOurStore(dataDir, { synchronous } = {}) {
  const lib = requireDist('libs/event-store/src/index.js', 'our SQLite event store');
  const adapter = path.join(DIST, 'libs/event-store/src/sqlite/sqlite-event-store.adapter.js');
  const Adapter = fs.existsSync(adapter) ? require(adapter).SqliteEventStore : undefined;
  if (synchronous && Adapter) return await Adapter.open({ dataDir, synchronous });
  if (typeof lib.createEventStore === 'function')
    return await lib.createEventStore({ kind: 'sqlite', dataDir });
  if (Adapter) return await Adapter.open({ dataDir });
  throw new NotAvailableError(
    'our SQLite event store: dist/libs/event-store does not export createEventStore yet',
  );
}

/** The demo generator behind `ledger-cli seed` (libs/projections/src/demo). */
function loadDemoGenerator() {
  const rel = 'libs/projections/src/demo/demo-generator.js';
  const DemoGenerator = distExport(rel, 'DemoGenerator', 'the demo generator');
  return { DemoGenerator, file: path.join(DIST, rel) };
}

/** `seedDemo(store, options)` of libs/projections, when built. */
function loadSeedDemo() {
  const file = path.join(DIST, 'libs/projections/src/demo/seed-demo.js');
  return fs.existsSync(file) && typeof require(file).seedDemo === 'function'
    ? require(file).seedDemo
    : undefined;
}

function loadProjectionRunner() {
  return {
    ProjectionRunner: distExport(
      'libs/projections/src/runner/projection-runner.js',
      'ProjectionRunner',
      'the projection runner',
    ),
  };
}

const isReadModel = (x) =>
  x &&
  typeof x === 'object' &&
  typeof x.name === 'string' &&
  typeof x.apply === 'function' &&
  typeof x.initialState === 'function';

/**
 * Every read model, in the order the app runs them: the list @ledger/projections exports when it
 * exports one, else every `*.projection.js` of dist/libs/projections (the ledger view first: the
 * others derive from it).
 */
function loadReadModels() {
  const index = path.join(DIST, 'libs/projections/src/index.js');
  if (fs.existsSync(index)) {
    const mod = require(index);
    for (const [name, value] of Object.entries(mod)) {
      if (!/read.?models|projections/i.test(name)) continue;
      const list = typeof value === 'function' && value.length === 0 ? safeCall(value) : value;
      if (Array.isArray(list) && list.length > 0 && list.every(isReadModel))
        return { list, from: `@ledger/projections ${name}` };
    }
  }
  const dir = path.join(DIST, 'libs/projections/src');
  if (!fs.existsSync(dir)) throw new NotAvailableError('read models: dist/libs/projections is not built');
  const found = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && e.name !== 'testing') walk(p);
      else if (e.name.endsWith('.projection.js'))
        for (const v of Object.values(require(p))) if (isReadModel(v)) found.push(v);
    }
  };
  walk(dir);
  if (found.length === 0)
    throw new NotAvailableError('read models: no *.projection.js in dist/libs/projections yet');
  const list = [...new Map(found.map((m) => [m.name, m])).values()].sort((a, b) =>
    a.name === 'ledger-view' ? -1 : b.name === 'ledger-view' ? 1 : 0,
  );
  return { list, from: 'every *.projection.js in dist/libs/projections' };
}

function safeCall(fn) {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** A short content hash of a file (cache keys for prepared data). */
function fileHash(file) {
  return require('node:crypto').createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 10);
}

module.exports = {
  ROOT,
  DIST,
  NotAvailableError,
  requireDist,
  distExport,
  openOurStore,
  loadDemoGenerator,
  loadSeedDemo,
  loadProjectionRunner,
  loadReadModels,
  fileHash,
};
