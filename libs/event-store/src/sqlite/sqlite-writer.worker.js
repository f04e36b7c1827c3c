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

const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${workerData.synchronous}`);
db.pragma('busy_timeout = 5000');
// Savepoints' sub-journals (multi-event requests) stay in memory instead of spilling to a temp file.
db.pragma('temp_store = MEMORY');
db.defaultSafeIntegers(true);

/**
 * Checkpoints off the commit path (ADR 0101): a checkpointer thread copies the WAL into the
 * database file when about CHECKPOINT_FRAMES pages were committed since the last nudge; the
 * writer's own auto-checkpoint stays as the bound WAL_BOUND_FRAMES on the WAL should it fall behind
 * (or fail to start, where the writer goes back to SQLite's default of 1000).
 */
const CHECKPOINT_FRAMES = 1000;
const WAL_BOUND_FRAMES = 4000;
const checkpointSignal = new Int32Array(new SharedArrayBuffer(8));
let checkpointer;
let framesSinceNudge = 0;
try {
  checkpointer = new Worker(path.join(__dirname, 'sqlite-checkpointer.worker.js'), {
    workerData: { file: workerData.file, synchronous: workerData.synchronous, signal: checkpointSignal },
  });
  checkpointer.on('error', () => {
    checkpointer = undefined;
    db.pragma('wal_autocheckpoint = 1000');
  });
  db.pragma(`wal_autocheckpoint = ${WAL_BOUND_FRAMES}`);
} catch {
  checkpointer = undefined;
}

/**
 * Batches of at least OFFLOAD_MIN_REQUESTS requests (group commit under load) leave the checkpoint
 * to the checkpointer thread: the writer has inserts to do while the database file is flushed.
 * Smaller batches (a lone appender, one big append) checkpoint here, right after their COMMIT, as
 * SQLite's auto-checkpoint did: measured, a concurrent checkpoint then only makes the writer's
 * next WAL fsyncs wait behind the database file's flush (one appender: −17% events/s).
 */
const OFFLOAD_MIN_REQUESTS = 8;
const inlineCheckpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');

/** After a commit: a rough count of the pages it wrote (rows' bytes, two index leaves a request). */
function committed(requests, bytes) {
  if (checkpointer === undefined) return;
  framesSinceNudge += 1 + 2 * requests + bytes / 3000;
  if (framesSinceNudge < CHECKPOINT_FRAMES) return;
  framesSinceNudge = 0;
  if (requests < OFFLOAD_MIN_REQUESTS) {
    try {
      inlineCheckpoint.get();
    } catch {
      // SQLITE_BUSY (another process checkpointing): the next one, or the auto-checkpoint, does it.
    }
    return;
  }
  Atomics.add(checkpointSignal, 0, 1);
  Atomics.notify(checkpointSignal, 0);
}

function stopCheckpointer(then) {
  if (checkpointer === undefined) return then();
  const thread = checkpointer;
  checkpointer = undefined;
  thread.once('exit', then);
  Atomics.store(checkpointSignal, 1, 1);
  Atomics.add(checkpointSignal, 0, 1);
  Atomics.notify(checkpointSignal, 0);
}

const stmt = {
  head: db.prepare('SELECT COALESCE(MAX(position), 0) AS head FROM events'),
  // The last entry of the UNIQUE (stream_id, revision) index: one seek (ADR 0100).
  streamRevision: db.prepare(
    'SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
  ),
  findById: db.prepare(
    'SELECT position, stream_id, revision, type, data, metadata FROM events WHERE event_id = ?',
  ),
  insert: db.prepare(
    'INSERT INTO events (position, event_id, stream_id, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ),
};
/**
 * Multi-row INSERTs of a multi-event request (ADR 0102): up to ROWS_PER_INSERT rows a statement,
 * prepared per row count on first use, each with its reused argument array.
 */
const ROWS_PER_INSERT = 32;
const multiInserts = new Map();
function insertOf(rows) {
  let entry = multiInserts.get(rows);
  if (entry === undefined) {
    const values = new Array(rows).fill('(?, ?, ?, ?, ?, ?, ?)').join(', ');
    entry = {
      statement: db.prepare(
        `INSERT INTO events (position, event_id, stream_id, revision, type, data, metadata) VALUES ${values}`,
      ),
      args: new Array(7 * rows).fill(null),
    };
    multiInserts.set(rows, entry);
  }
  return entry;
}
const begin = db.prepare('BEGIN IMMEDIATE');
const commit = db.prepare('COMMIT');
const rollback = db.prepare('ROLLBACK');
const savepoint = db.prepare('SAVEPOINT req');
const release = db.prepare('RELEASE req');
const rollbackTo = db.prepare('ROLLBACK TO req');

let head = stmt.head.get().head;

function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}

/** Same JSON text, or the same value with keys in another order. */
function sameJson(storedText, incomingText) {
  return storedText === incomingText || deepEqual(JSON.parse(storedText), JSON.parse(incomingText));
}

/**
 * The idempotency rule: if every event id of the request is already stored, in this stream, at
 * consecutive revisions in this order, with the same type, data and metadata, the request is a
 * replay: answer the original result. Any used id that does not fit is an EventIdConflictError.
 * Returns undefined when none of the ids is used.
 */
function replayOf(req) {
  const found = req.events.map((e) => stmt.findById.get(e.eventId));
  if (found.every((row) => row === undefined)) return undefined;
  for (let i = 0; i < found.length; i++) {
    const row = found[i];
    const e = req.events[i];
    const fits =
      row !== undefined &&
      row.stream_id === req.streamId &&
      row.type === e.type &&
      (i === 0 || row.revision === found[i - 1].revision + 1n) &&
      sameJson(row.data, e.data) &&
      sameJson(row.metadata, e.metadata);
    if (!fits) {
      // A used id holding something else, or a partial replay (reported on its first used id).
      const eventId =
        row !== undefined ? e.eventId : req.events[found.findIndex((r) => r !== undefined)].eventId;
      return { error: { kind: 'event_id_conflict', eventId } };
    }
  }
  const events = found.map((row, i) => ({
    eventId: req.events[i].eventId,
    revision: row.revision,
    position: row.position,
  }));
  const last = events[events.length - 1];
  return { result: { nextExpectedRevision: last.revision, position: last.position, events } };
}

/**
 * Last revision per stream, as committed plus this batch's successful requests. This thread is the
 * only writer, so the cache is exact; it is dropped when a batch fails to commit.
 */
const revisions = new Map();
function revisionOf(streamId) {
  if (revisions.has(streamId)) return revisions.get(streamId);
  const row = stmt.streamRevision.get(streamId);
  const revision = row === undefined ? undefined : row.revision;
  revisions.set(streamId, revision);
  return revision;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function decodeExpected(text) {
  return text === 'any' || text === 'no_stream' || text === 'stream_exists' ? text : BigInt(text);
}

/** The request at `at` of the flat batch as an object: only for the rare paths (errors, replays). */
function requestAt(parts, at) {
  const n = parts[at + 2];
  const events = new Array(n);
  for (let i = 0, k = at + 3; i < n; i++, k += 4)
    events[i] = { eventId: parts[k], type: parts[k + 1], data: parts[k + 2], metadata: parts[k + 3] };
  return { streamId: parts[at], expected: decodeExpected(parts[at + 1]), events };
}

/**
 * Runs the request at `at` of the flat batch. Returns undefined on the happy path (its n events
 * written at consecutive revisions ending at revisions.get(streamId) and positions ending at head),
 * or an outcome object (an error, a replay's original result, an empty request's answer).
 */
function runRequest(parts, at) {
  const streamId = parts[at];
  const expectedText = parts[at + 1];
  const n = parts[at + 2];
  const current = revisionOf(streamId);
  const holds =
    expectedText === 'any'
      ? true
      : expectedText === 'no_stream'
        ? current === undefined
        : expectedText === 'stream_exists'
          ? current !== undefined
          : current !== undefined && current === BigInt(expectedText);
  if (!holds) {
    // The idempotency rule wins over the expectation: a replay answers its original result.
    if (n > 0 && stmt.findById.get(parts[at + 3]) !== undefined) return replayOf(requestAt(parts, at));
    return {
      error: {
        kind: 'wrong_expected_revision',
        streamId,
        expected: decodeExpected(expectedText),
        actual: current === undefined ? 'no_stream' : current,
      },
    };
  }
  if (n === 0) {
    return {
      result: { nextExpectedRevision: current === undefined ? -1n : current, position: head, events: [] },
    };
  }
  // Happy path without an id lookup: a used id (a replay or a conflict) makes the INSERT fail on
  // the unique index, and errorOutcome (after the rollback) asks replayOf for the answer.
  let revision = current === undefined ? -1n : current;
  for (let i = 0, k = at + 3; i < n;) {
    const rows = Math.min(n - i, ROWS_PER_INSERT);
    if (rows === 1) {
      revision += 1n;
      head += 1n;
      stmt.insert.run(head, parts[k], streamId, revision, parts[k + 1], parts[k + 2], parts[k + 3]);
    } else {
      // Several rows in one INSERT statement (ADR 0102): one statement run instead of `rows`.
      const { statement, args } = insertOf(rows);
      for (let a = 0; a < args.length; a += 7, k += 4) {
        revision += 1n;
        head += 1n;
        args[a] = head;
        args[a + 1] = parts[k];
        args[a + 2] = streamId;
        args[a + 3] = revision;
        args[a + 4] = parts[k + 1];
        args[a + 5] = parts[k + 2];
        args[a + 6] = parts[k + 3];
      }
      statement.run(args);
      args.fill(null);
      i += rows;
      continue;
    }
    i++;
    k += 4;
  }
  revisions.set(streamId, revision);
  return undefined;
}

/** Runs a flat batch in one transaction; answers { codes, extra, head } (see the wire format). */
function runBatch(parts) {
  let count = 0;
  for (let at = 0; at < parts.length; at += 3 + 4 * parts[at + 2]) count++;
  const codes = new Float64Array(3 * count);
  const extra = [];
  if (revisions.size > 100000) revisions.clear();
  begin.run();
  // BEGIN IMMEDIATE holds the write lock. If another process (a CLI seeding the same data dir)
  // wrote since our last batch, the head moved: forget the cached revisions.
  const current = stmt.head.get().head;
  if (current !== head) {
    head = current;
    revisions.clear();
  }
  const startHead = head;
  // A batch holding one request needs no savepoint: that request's failure rolls back the whole
  // transaction, which holds nothing else.
  const lone = count === 1;
  let bytes = 0;
  try {
    for (let at = 0, r = 0; at < parts.length; at += 3 + 4 * parts[at + 2], r += 3) {
      const n = parts[at + 2];
      const before = head;
      // A single-event request needs no savepoint either: its checks run before any write, and a
      // failing INSERT statement is undone by SQLite's statement-level rollback.
      const guarded = n > 1 && !lone;
      if (guarded) savepoint.run();
      let outcome;
      try {
        outcome = runRequest(parts, at);
        if (guarded) {
          if (outcome && outcome.error) rollbackTo.run();
          release.run();
        } else if (lone && outcome && outcome.error) rollback.run();
        if (outcome && outcome.error) head = before;
      } catch (err) {
        if (guarded) {
          rollbackTo.run();
          release.run();
        } else if (lone && db.inTransaction) rollback.run();
        head = before;
        outcome = errorOutcome(err, requestAt(parts, at));
      }
      if (outcome === undefined)
        for (let i = 0, k = at + 3; i < n; i++, k += 4) bytes += parts[k + 2].length + parts[k + 3].length;
      if (outcome === undefined) {
        codes[r + 1] = Number(revisions.get(parts[at]));
        codes[r + 2] = Number(head);
        if (head > MAX_SAFE) {
          // Beyond exact doubles (never in practice): answer this one as an object.
          extra.push({ result: resultOf(requestAt(parts, at), revisions.get(parts[at]), head) });
          codes[r] = extra.length;
        }
      } else {
        extra.push(outcome);
        codes[r] = extra.length;
      }
    }
    // (A lone request that failed has rolled the transaction back already.)
    if (db.inTransaction) commit.run();
  } catch (err) {
    if (db.inTransaction) rollback.run();
    head = startHead;
    revisions.clear();
    codes.fill(0);
    extra.length = 0;
    extra.push({ error: { kind: 'error', message: `commit failed: ${err && err.message}` } });
    for (let r = 0; r < codes.length; r += 3) codes[r] = 1;
  }
  committed(count, bytes);
  return { codes, extra, head };
}

function resultOf(req, lastRevision, lastPosition) {
  const n = req.events.length;
  const events = req.events.map((e, i) => ({
    eventId: e.eventId,
    revision: lastRevision - BigInt(n - 1 - i),
    position: lastPosition - BigInt(n - 1 - i),
  }));
  return { nextExpectedRevision: lastRevision, position: lastPosition, events };
}

function errorOutcome(err, req) {
  const message = err && err.message ? String(err.message) : String(err);
  if (/UNIQUE constraint failed: events\.event_id/.test(message)) {
    // A used id (the request is rolled back by now): a replay's original result, or the conflict.
    const precise = replayOf(req);
    if (precise) return precise;
    // Or two events of this request share an id.
    return { error: { kind: 'event_id_conflict', eventId: duplicateId(req) } };
  }
  // e.g. UNIQUE(stream_id, revision): someone else wrote this file; forget what we knew.
  revisions.clear();
  return { error: { kind: 'error', message } };
}

function duplicateId(req) {
  const seen = new Set();
  for (const e of req.events) {
    if (seen.has(e.eventId)) return e.eventId;
    seen.add(e.eventId);
  }
  return req.events[0].eventId;
}

parentPort.on('message', (msg) => {
  if (msg.type === 'batch') {
    const { codes, extra, head: newHead } = runBatch(msg.parts);
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
  head,
  synchronous: Number(db.pragma('synchronous', { simple: true })),
});
