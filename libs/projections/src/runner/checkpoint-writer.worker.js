'use strict';
/**
 * The background writer of snapshots (ADRs 0142-0144; the main side is checkpoint-writer.ts).
 * The runner cuts a snapshot's parts on the main thread and posts them here as they are cut; this
 * thread writes them into `projections.db` in one transaction on a connection of its own, so the
 * inserts, the commit's fsync and SQLite's automatic WAL checkpoint after it stay off the event loop.
 *
 * Messages, in order, each with its save's `id` (one save at a time):
 *   { op: 'begin' }                        → BEGIN IMMEDIATE, answers { op: 'began', id }
 *   { op: 'model', name }                  → SAVEPOINT, clears the model's previous parts
 *   { op: 'part', name, seq, body }        → one part, answers { op: 'ack' }
 *   { op: 'row', row }                     → the model's row, RELEASE
 *   { op: 'dropModel' }                    → ROLLBACK TO the model's savepoint, RELEASE
 *   { op: 'commit' }                       → COMMIT, answers { op: 'committed', id }
 *   { op: 'rollback' }                     → ROLLBACK, answers { op: 'rolledBack', id }
 *   { op: 'close' }                        → closes the connection; the thread ends
 * The first error rolls the save back and answers { op: 'failed', id, message }; the rest of that
 * save's messages are then only acknowledged. A thread that cannot open the file answers
 * { op: 'unusable', message } and ends.
 */
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');

const { file, sql, busyTimeoutMs } = workerData;
let db, upsert, clear, insertPart;
try {
  db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // The main thread's connection may hold the write lock (a save on its own turn, at stop).
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  upsert = db.prepare(sql.upsert);
  clear = db.prepare(sql.clear);
  insertPart = db.prepare(sql.insertPart);
} catch (err) {
  // Thrown, it would reach the main thread without its message (SqliteError does not clone).
  parentPort.postMessage({ op: 'unusable', message: String((err && err.message) || err) });
  if (db && db.open) db.close();
  process.exit(1);
}
/** The save that failed (its remaining messages are skipped). */
let failed;

function run(m) {
  switch (m.op) {
    case 'begin':
      db.exec('BEGIN IMMEDIATE');
      return { op: 'began', id: m.id };
    case 'model':
      db.exec('SAVEPOINT model');
      clear.run(m.name);
      return undefined;
    case 'part':
      insertPart.run(m.name, m.seq, m.body);
      return { op: 'ack' };
    case 'row':
      upsert.run(...m.row);
      db.exec('RELEASE model');
      return undefined;
    case 'dropModel':
      db.exec('ROLLBACK TO model');
      db.exec('RELEASE model');
      return undefined;
    case 'commit':
      db.exec('COMMIT');
      return { op: 'committed', id: m.id };
    case 'rollback':
      if (db.inTransaction) db.exec('ROLLBACK');
      return { op: 'rolledBack', id: m.id };
    default:
      throw new Error(`unknown message ${String(m.op)}`);
  }
}

parentPort.on('message', (m) => {
  if (m.op === 'close') {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
    parentPort.close();
    return;
  }
  if (m.id === failed) {
    // This save already failed and was rolled back: only keep the main side's count of parts right.
    if (m.op === 'part') parentPort.postMessage({ op: 'ack' });
    return;
  }
  let answer;
  try {
    answer = run(m);
  } catch (err) {
    failed = m.id;
    if (db.inTransaction) db.exec('ROLLBACK');
    if (m.op === 'part') parentPort.postMessage({ op: 'ack' });
    parentPort.postMessage({ op: 'failed', id: m.id, message: String((err && err.message) || err) });
    return;
  }
  if (answer) parentPort.postMessage(answer);
});
