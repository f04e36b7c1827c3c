'use strict';
// The append transaction of the SQLite adapter (ADRs 0002, 0096, 0101, 0102, 0104), shared by the
// writer thread (sqlite-writer.worker.js) and the adapter's inline path for a lone request
// (sqlite-event-store.adapter.ts, ADR 0104), so that both write exactly the same way. Plain
// CommonJS for the same reasons as the writer; named *.worker.js only so that
// scripts/copy-assets.js (and the bench's private builds) ship it beside the compiled adapter.
//
// createAppender(db, { committed }) prepares its statements on `db` (a write connection with
// defaultSafeIntegers on) and returns { runBatch(parts), head() } for the flat wire format of ADR 0096:
// per request `streamId, expected, n` then n × `eventId, type, data, metadata`. runBatch answers
// { codes, extra, head } (see the writer's header); it throws only when the transaction could not
// start (BEGIN IMMEDIATE, e.g. SQLITE_BUSY, or the head read), with nothing written and no
// transaction left open. Every connection holding an appender may write the same file: each one
// re-reads the head under BEGIN IMMEDIATE and forgets its cached stream revisions when it moved.

/**
 * Multi-row INSERTs of a multi-event request (ADR 0102): up to ROWS_PER_INSERT rows a statement,
 * prepared per row count on first use, each with its reused argument array.
 */
const ROWS_PER_INSERT = 32;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

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

function resultOf(req, lastRevision, lastPosition) {
  const n = req.events.length;
  const events = req.events.map((e, i) => ({
    eventId: e.eventId,
    revision: lastRevision - BigInt(n - 1 - i),
    position: lastPosition - BigInt(n - 1 - i),
  }));
  return { nextExpectedRevision: lastRevision, position: lastPosition, events };
}

function duplicateId(req) {
  const seen = new Set();
  for (const e of req.events) {
    if (seen.has(e.eventId)) return e.eventId;
    seen.add(e.eventId);
  }
  return req.events[0].eventId;
}

/**
 * @param db a better-sqlite3 write connection (defaultSafeIntegers(true), WAL)
 * @param hooks.committed called after each transaction with (requests, bytes of event data
 *   written, events written)
 */
function createAppender(db, hooks = {}) {
  const committed = hooks.committed || (() => {});
  // SQLite's own default page cache (2 MiB) instead of better-sqlite3's 16 MiB: a write connection
  // touches the right edges of its B-trees and a few index leaves; measured, every append shape
  // costs the same or less CPU with the smaller cache, even on a 400,000-event file with random
  // event ids (ADR 0132).
  db.pragma('cache_size = -2000');
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
  const multiInserts = new Map();
  /**
   * `alone`: the request is alone in its transaction, so a failing row may roll back the whole
   * transaction (OR ROLLBACK): SQLite then keeps no statement journal for the statement (ADR 0131).
   */
  function insertOf(rows, alone) {
    const key = alone ? -rows : rows;
    let entry = multiInserts.get(key);
    if (entry === undefined) {
      // No position column: SQLite gives each row the largest rowid + 1, i.e. head + 1, head + 2, …
      // under our write lock, without the primary-key seek an explicit rowid costs (ADR 0131);
      // runRequest checks the last one against its own count.
      const values = new Array(rows).fill('(?, ?, ?, ?, ?, ?)').join(', ');
      entry = {
        statement: db.prepare(
          `INSERT${alone ? ' OR ROLLBACK' : ''} INTO events (event_id, stream_id, revision, type, data, metadata) VALUES ${values}`,
        ),
        args: new Array(6 * rows).fill(null),
      };
      multiInserts.set(key, entry);
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
   * Last revision per stream, as committed plus this batch's successful requests. Exact as long as
   * the head has not moved since this connection's last commit (checked under BEGIN IMMEDIATE:
   * positions only grow, so another connection's commit always moves it); dropped when it moved
   * and when a batch fails to commit.
   */
  const revisions = new Map();
  function revisionOf(streamId) {
    if (revisions.has(streamId)) return revisions.get(streamId);
    const row = stmt.streamRevision.get(streamId);
    const revision = row === undefined ? undefined : row.revision;
    revisions.set(streamId, revision);
    return revision;
  }

  /**
   * Runs the request at `at` of the flat batch. Returns undefined on the happy path (its n events
   * written at consecutive revisions ending at revisions.get(streamId) and positions ending at head),
   * or an outcome object (an error, a replay's original result, an empty request's answer).
   */
  function runRequest(parts, at, alone) {
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
        const { statement, args } = insertOf(rows, alone);
        for (let a = 0; a < args.length; a += 6, k += 4) {
          revision += 1n;
          head += 1n;
          args[a] = parts[k];
          args[a + 1] = streamId;
          args[a + 2] = revision;
          args[a + 3] = parts[k + 1];
          args[a + 4] = parts[k + 2];
          args[a + 5] = parts[k + 3];
        }
        const { lastInsertRowid } = statement.run(args);
        args.fill(null);
        // Never in practice (positions only grow, and head was read under the write lock): fail
        // the request rather than answer positions the rows do not have.
        if (lastInsertRowid !== head) throw new Error(`position ${lastInsertRowid} written where ${head} was due`);
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
    // BEGIN IMMEDIATE holds the write lock. If another connection (the other path of this process,
    // ADR 0104, or a CLI seeding the same data dir) wrote since our last batch, the head moved:
    // forget the cached revisions.
    let current;
    try {
      current = stmt.head.get().head;
    } catch (err) {
      rollback.run();
      throw err;
    }
    if (current !== head) {
      head = current;
      revisions.clear();
    }
    const startHead = head;
    // A batch holding one request needs no savepoint: that request's failure rolls back the whole
    // transaction, which holds nothing else.
    const lone = count === 1;
    let bytes = 0;
    let events = 0;
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
          outcome = runRequest(parts, at, lone);
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
        if (outcome === undefined) {
          for (let i = 0, k = at + 3; i < n; i++, k += 4) bytes += parts[k + 2].length + parts[k + 3].length;
          events += n;
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
    committed(count, bytes, events);
    return { codes, extra, head };
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

  /** The last position this connection committed or saw under its write lock. */
  const headOf = () => head;

  return { runBatch, head: headOf };
}

/**
 * Checkpoints off the commit path (ADRs 0101, 0108): after each commit a rough count of the pages
 * it wrote (1 + two index leaves a request + the rows' bytes); when about CHECKPOINT_FRAMES pages
 * were committed since the last checkpoint, one is due:
 * - a commit of at least OFFLOAD_MIN_EVENTS events (group commit under load, a big append) leaves
 *   it to the checkpointer thread (`signal`: bump [0] and notify, see
 *   sqlite-checkpointer.worker.js) while this thread goes on with its CPU work (the next batch,
 *   the caller's next events);
 * - a smaller commit (a lone single-event appender) checkpoints here, right after its COMMIT, as
 *   SQLite's auto-checkpoint did: measured, a concurrent checkpoint then only makes this thread's
 *   next WAL fsyncs wait behind the database file's flush (one appender: -17% events/s).
 * The thread is there while `signal[1]` is 0: the writer sets it to 1 when the thread stops or
 * fails (sqlite-checkpointer.worker.js reads it as "stop"). From then on a policy nudges nothing
 * and gives its connection back SQLite's own auto-checkpoint (1000 pages). Callers set
 * `wal_autocheckpoint = WAL_BOUND_FRAMES` while the thread is there, as a bound on the WAL should
 * the thread fall behind.
 */
const CHECKPOINT_FRAMES = 1000;
const WAL_BOUND_FRAMES = 4000;
const OFFLOAD_MIN_EVENTS = 8;

function createCheckpointPolicy(db, signal) {
  const inlineCheckpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
  let framesSinceCheckpoint = 0;
  let threadGone = false;
  return function committed(requests, bytes, events) {
    if (threadGone) return;
    if (Atomics.load(signal, 1) !== 0) {
      threadGone = true;
      db.pragma('wal_autocheckpoint = 1000');
      return;
    }
    framesSinceCheckpoint += 1 + 2 * requests + bytes / 3000;
    if (framesSinceCheckpoint < CHECKPOINT_FRAMES) return;
    framesSinceCheckpoint = 0;
    if (events < OFFLOAD_MIN_EVENTS) {
      try {
        inlineCheckpoint.get();
      } catch {
        // SQLITE_BUSY (another connection checkpointing): the next one, or the auto-checkpoint, does it.
      }
      return;
    }
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
}

module.exports = { createAppender, createCheckpointPolicy, WAL_BOUND_FRAMES };
