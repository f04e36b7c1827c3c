'use strict';
// The SQLite adapter's checkpointer (ADR 0101): a thread of the writer worker with its own
// connection that copies committed WAL frames into the database file (PRAGMA wal_checkpoint
// PASSIVE), so the writer's COMMIT no longer carries SQLite's auto-checkpoint (copy + fsync of the
// database file) every ~1000 pages. PASSIVE never blocks the writer or the readers; it copies only
// committed frames, with synchronous=FULL (the database file is fsynced before the WAL may be
// reused), so nothing acknowledged depends on it. The writer keeps its own auto-checkpoint as a
// bound on the WAL should this thread fall behind.
//
// Signalling: `workerData.signal` is an Int32Array over a SharedArrayBuffer: [0] a counter the
// writer bumps (Atomics.notify) when a checkpoint is due, [1] set to 1 to stop. This thread does
// nothing else, so it blocks in Atomics.wait between checkpoints.
const { workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');

const signal = workerData.signal;
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
db.pragma(`synchronous = ${workerData.synchronous}`);
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');

let seen = 0;
// The stop flag is read before every wait: a stop sent before this thread started is not missed.
while (Atomics.load(signal, 1) !== 1) {
  Atomics.wait(signal, 0, seen);
  if (Atomics.load(signal, 1) === 1) break;
  seen = Atomics.load(signal, 0);
  try {
    checkpoint.get();
  } catch {
    // e.g. SQLITE_BUSY under a second process's checkpoint: the next nudge, or the writer's own
    // auto-checkpoint, does it.
  }
}
db.close();
