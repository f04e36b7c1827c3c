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
  if (!fs.existsSync(file)) throw new NotAvailableError(`${what}: ${path.relative(ROOT, file)} is not built (npm run build:server)`);
  return require(file);
}

/** A named export of a dist module, or a NotAvailableError. */
function distExport(rel, name, what) {
  const mod = requireDist(rel, what);
  if (typeof mod[name] !== 'function' && mod[name] === undefined) throw new NotAvailableError(`${what}: ${path.relative(ROOT, path.join(DIST, rel))} does not export ${name} yet`);
  return mod[name];
}

/** Opens our SQLite event store in `dataDir` (the factory the API uses; else the adapter's own open). */
async function openOurStore(dataDir) {
  const lib = requireDist('libs/event-store/src/index.js', 'our SQLite event store');
  if (typeof lib.createEventStore === 'function') return await lib.createEventStore({ kind: 'sqlite', dataDir });
  const adapter = path.join(DIST, 'libs/event-store/src/sqlite/sqlite-event-store.adapter.js');
  if (fs.existsSync(adapter) && require(adapter).SqliteEventStore) return await require(adapter).SqliteEventStore.open({ dataDir });
  throw new NotAvailableError('our SQLite event store: dist/libs/event-store does not export createEventStore yet');
}

module.exports = { ROOT, DIST, NotAvailableError, requireDist, distExport, openOurStore };
