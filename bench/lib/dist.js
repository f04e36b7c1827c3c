'use strict';
/** Loading the project's compiled code (dist/, from `npm run build:server`) with a clear reason when absent. */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');

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

/** Opens our SQLite event store in `dataDir` (the same factory the API uses). */
async function openOurStore(dataDir) {
  const createEventStore = distExport('libs/event-store/src/index.js', 'createEventStore', 'our SQLite event store');
  return await createEventStore({ kind: 'sqlite', dataDir });
}

module.exports = { ROOT, DIST, NotAvailableError, requireDist, distExport, openOurStore };
