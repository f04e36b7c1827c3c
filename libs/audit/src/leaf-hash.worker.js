'use strict';
/**
 * The audit leaf in plain CommonJS (ADR 0184), so that a worker thread can compute it too:
 * `leaf.ts` and `canonical-json.ts` take their definitions from here, and `verify` hashes the
 * embedded store's events on threads running this file (a TypeScript module cannot start a thread
 * under Jest; the event store's own threads are plain CommonJS for the same reason).
 *
 * - `canonicalStringify`: RFC 8785 canonical JSON by safe-stable-stringify (ADR 0134).
 * - `leafDocument(event)`: what the Merkle tree commits to for one event (ADR 0031).
 * - `leafHashOfText(text)`: SHA-256(0x00 || UTF-8 of the canonical text), RFC 6962's leaf hash.
 * - `openRangeHasher(file)`: reads `<dataDir>/events.db` read-only and hashes the leaves of the
 *   events in a range of positions; on a thread (workerData.leafHashFile) it answers
 *   `{ id, after, upTo, max }` messages with `{ id, count, positions, hashes, more, unreadable? }`.
 */
const { hash } = require('node:crypto');
const { configure } = require('safe-stable-stringify');

/**
 * RFC 8785 (JCS): keys sorted by UTF-16 code units, strings and numbers as ECMAScript's
 * JSON.stringify writes them; `strict` throws on NaN, ±Infinity, bigints, functions, symbols and
 * cycles instead of writing them.
 */
const canonicalStringify = configure({ deterministic: true, strict: true });

/** The `recordedAt` of an event's metadata (transaction time), or null when it has none. */
function recordedAtOf(metadata) {
  if (metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata)) {
    const r = metadata.recordedAt;
    if (typeof r === 'string') return r;
  }
  return null;
}

/** The document a leaf commits to: the event, revision as a decimal string, recordedAt lifted out. */
function leafDocument(event) {
  return {
    eventId: event.eventId,
    streamId: event.streamId,
    revision: event.revision.toString(),
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    recordedAt: recordedAtOf(event.metadata),
  };
}

/** U+0000 is the one byte 0x00 in UTF-8: RFC 6962's leaf prefix, as text. */
const LEAF_PREFIX_TEXT = '\u0000';

/** SHA-256(0x00 || UTF-8(text)) in one call (crypto.hash encodes the string itself). */
function leafHashOfText(text) {
  return hash('sha256', LEAF_PREFIX_TEXT + text, 'buffer');
}

/** Rows read per statement run inside a range (bounds the rows held at once). */
const ROWS_PER_READ = 1000;
const HASH_SIZE = 32;

/**
 * Hashes the leaves of `<dataDir>/events.db`'s events by ranges of positions, reading the table as
 * the SQLite adapter's `readAll` does (positions are its rowids; the columns as in its COLUMNS) and
 * decoding a row as its `toStored` does (data and metadata parsed, the revision a bigint).
 * `rowsPerRead` rows are read at a time.
 */
function openRangeHasher(file, rowsPerRead = ROWS_PER_READ) {
  const Database = require('better-sqlite3');
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.defaultSafeIntegers(true);
  const read = db
    .prepare(
      'SELECT position, event_id, stream_id, revision, type, data, metadata FROM events ' +
        'WHERE position > ? AND position <= ? ORDER BY position LIMIT ?',
    )
    .raw(true);
  return {
    /**
     * The events with after < position <= upTo, at most `max`: their positions and leaf hashes, in
     * position order. `more` when `max` stopped it before upTo. A row that cannot be decoded ends
     * the answer: the rows before it are in it, and `unreadable` names the position after which
     * reading failed and why.
     */
    hashRange(after, upTo, max) {
      const positions = new BigInt64Array(max);
      const hashes = new Uint8Array(HASH_SIZE * max);
      let count = 0;
      let from = after;
      let unreadable;
      reading: while (count < max) {
        const want = Math.min(rowsPerRead, max - count);
        const rows = read.all(from, upTo, want);
        for (const row of rows) {
          let text;
          try {
            const event = {
              eventId: row[1],
              streamId: row[2],
              revision: row[3],
              type: row[4],
              data: JSON.parse(row[5]),
              metadata: JSON.parse(row[6]),
            };
            text = canonicalStringify(leafDocument(event));
          } catch (err) {
            unreadable = { after: from, message: err && err.message ? err.message : String(err) };
            break reading;
          }
          positions[count] = row[0];
          hashes.set(leafHashOfText(text), HASH_SIZE * count);
          count++;
          from = row[0];
        }
        if (rows.length < want) break; // the range has no more rows
      }
      const more = unreadable === undefined && count === max && from < upTo;
      return { count, positions, hashes, more, unreadable };
    },
    close() {
      db.close();
    },
  };
}

module.exports = {
  canonicalStringify,
  recordedAtOf,
  leafDocument,
  leafHashOfText,
  openRangeHasher,
  HASH_SIZE,
};

// On a thread started by verify (leaf-hash-threads.ts): answer ranges until told to close.
const threads = require('node:worker_threads');
if (!threads.isMainThread && threads.workerData && typeof threads.workerData.leafHashFile === 'string') {
  const file = threads.workerData.leafHashFile;
  let hasher;
  try {
    hasher = openRangeHasher(file);
  } catch (err) {
    // A plain Error crosses to the parent with its message (better-sqlite3's own class does not).
    throw new Error(`cannot open ${file}: ${err && err.message ? err.message : String(err)}`);
  }
  threads.parentPort.on('message', (m) => {
    if (m === 'close') {
      hasher.close();
      threads.parentPort.close();
      return;
    }
    let answer;
    try {
      answer = { id: m.id, ...hasher.hashRange(BigInt(m.after), BigInt(m.upTo), m.max) };
    } catch (err) {
      answer = { id: m.id, failed: err && err.message ? err.message : String(err) };
    }
    const transfer = answer.positions ? [answer.positions.buffer, answer.hashes.buffer] : [];
    threads.parentPort.postMessage(answer, transfer);
  });
}
