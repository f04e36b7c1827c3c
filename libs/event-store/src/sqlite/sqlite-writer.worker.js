'use strict';
// The SQLite adapter's single writer (ADR 0002). Plain CommonJS so it runs unchanged under Jest
// (which transpiles only .ts) and from dist/ (scripts/copy-assets.js copies *.worker.js).
//
// The main thread sends batches of append requests; each batch is ONE transaction (one fsync with
// synchronous=FULL). Every request runs inside its own SAVEPOINT with its own expected-revision and
// idempotency checks, so one request's failure rolls back only that request.
//
// Wire format (ADR 0096): a batch arrives as ONE flat array, per request
//   streamId, expected, n, then n × (eventId, type, data, metadata)
// with expected 'any' | 'no_stream' | 'stream_exists' | a revision as a decimal string. The answer
// is a Float64Array (transferred) of 3 numbers per request: status, last revision, last position;
// status 0 means success with n consecutive revisions and positions ending there, status k > 0
// means the outcome is the object extra[k - 1] (errors, replays: the rare paths).
const path = require('node:path');
const { parentPort, workerData, Worker } = require('node:worker_threads');
const Database = require('better-sqlite3');
// The transaction itself (checks, inserts, idempotency, answer codes) is shared with the
// adapter's inline path for a lone request (ADR 0104).
const { createAppender, createCheckpointPolicy, WAL_BOUND_FRAMES } = require('./sqlite-appender.worker.js');

const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${workerData.synchronous}`);
db.pragma('busy_timeout = 5000');
// Savepoints' sub-journals (multi-event requests) stay in memory instead of spilling to a temp file.
db.pragma('temp_store = MEMORY');
db.defaultSafeIntegers(true);

/**
 * Checkpoints off the commit path (ADRs 0101, 0108): a checkpointer thread copies the WAL into the
 * database file when a checkpoint is due after a big commit (createCheckpointPolicy); the writer's
 * own auto-checkpoint stays as the bound WAL_BOUND_FRAMES on the WAL should it fall behind (or fail
 * to start, where the writer goes back to SQLite's default of 1000). The adapter's inline path
 * (ADR 0104) nudges the same thread: its signal goes back in the 'ready' message.
 */
const checkpointSignal = new Int32Array(new SharedArrayBuffer(8));
let checkpointer;
try {
  checkpointer = new Worker(path.join(__dirname, 'sqlite-checkpointer.worker.js'), {
    workerData: { file: workerData.file, synchronous: workerData.synchronous, signal: checkpointSignal },
  });
  checkpointer.on('error', () => {
    checkpointer = undefined;
    // Tells every policy using this signal (this one, the adapter's inline path) that the thread
    // is gone: they go back to SQLite's auto-checkpoint.
    Atomics.store(checkpointSignal, 1, 1);
    db.pragma('wal_autocheckpoint = 1000');
  });
  db.pragma(`wal_autocheckpoint = ${WAL_BOUND_FRAMES}`);
} catch {
  checkpointer = undefined;
  Atomics.store(checkpointSignal, 1, 1);
}
const committed = createCheckpointPolicy(db, checkpointSignal);

function stopCheckpointer(then) {
  if (checkpointer === undefined) return then();
  const thread = checkpointer;
  checkpointer = undefined;
  thread.once('exit', then);
  Atomics.store(checkpointSignal, 1, 1);
  Atomics.add(checkpointSignal, 0, 1);
  Atomics.notify(checkpointSignal, 0);
}

const appender = createAppender(db, { committed });

parentPort.on('message', (msg) => {
  if (msg.type === 'batch') {
    const { codes, extra, head: newHead } = appender.runBatch(msg.parts);
    parentPort.postMessage(
      {
        type: 'batch',
        batchId: msg.batchId,
        codes,
        extra: extra.length > 0 ? extra : undefined,
        head: newHead,
      },
      [codes.buffer],
    );
  } else if (msg.type === 'close') {
    stopCheckpointer(() => {
      db.close();
      parentPort.postMessage({ type: 'closed' });
      parentPort.close();
    });
  }
});

// Reports the effective setting (0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA) so the adapter can expose it.
parentPort.postMessage({
  type: 'ready',
  head: appender.head(),
  // For the adapter's inline path (ADR 0108): the same checkpointer (a SharedArrayBuffer is shared,
  // not copied). Absent when the thread could not start.
  checkpointSignal: checkpointer === undefined ? undefined : checkpointSignal,
  synchronous: Number(db.pragma('synchronous', { simple: true })),
});
