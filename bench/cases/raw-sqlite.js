'use strict';
/**
 * The machine's own limits with raw better-sqlite3 (the same library and pragmas as our store):
 *   mode=durable-commit  one row per transaction, WAL + synchronous=FULL  → commits/s
 *   mode=batch-insert    100 rows per transaction, prepared statement      → rows/s
 *   mode=read-parse      read every row in position order + JSON.parse     → rows/s
 */
const path = require('node:path');
const Database = require('better-sqlite3');
const { run, report, freshDir, removeDir, nowUs } = require('../lib/child');
const { sampleEvent, streamIdOf, uuidFrom } = require('../lib/events');

const SCHEMA = `
CREATE TABLE events (
  position  INTEGER PRIMARY KEY,
  event_id  TEXT NOT NULL UNIQUE,
  stream_id TEXT NOT NULL,
  revision  INTEGER NOT NULL,
  type      TEXT NOT NULL,
  data      TEXT NOT NULL,
  metadata  TEXT NOT NULL,
  UNIQUE (stream_id, revision)
);`;

function open(dir) {
  const db = new Database(path.join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(SCHEMA);
  return db;
}

// The payloads are serialized once: the limit measures SQLite, not JSON.stringify.
const TEMPLATES = Array.from({ length: 1024 }, (_, i) => {
  const e = sampleEvent(7, i, i);
  return [e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)];
});

function rowOf(n, streams) {
  const t = TEMPLATES[n & 1023];
  return [uuidFrom(7, n), streamIdOf(n % streams), Math.floor(n / streams), t[0], t[1], t[2]];
}

/** Runs `step()` repeatedly for `seconds`; returns units/s where step returns units done. */
let lastWindow;
function timed(seconds, step) {
  const startUs = nowUs();
  const end = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const t0 = process.hrtime.bigint();
  let units = 0;
  let now = t0;
  while (now < end) {
    units += step();
    now = process.hrtime.bigint();
  }
  lastWindow = { startUs, endUs: nowUs() };
  return units / (Number(now - t0) / 1e9);
}

run(async ({ mode, seconds = 2, rows = 100000, batch = 100 }) => {
  const dir = freshDir(`raw-${mode}`);
  try {
    const db = open(dir);
    const insert = db.prepare(
      'INSERT INTO events (event_id, stream_id, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const streams = 1000;
    let n = 0;
    if (mode === 'durable-commit') {
      timed(0.2, () => (insert.run(...rowOf(n++, streams)), 1)); // warm-up
      const perSec = timed(seconds, () => (insert.run(...rowOf(n++, streams)), 1));
      report({ mode, commitsPerSec: perSec, window: lastWindow });
    } else if (mode === 'batch-insert') {
      const tx = db.transaction((k) => {
        for (let i = 0; i < k; i++) insert.run(...rowOf(n++, streams));
      });
      timed(0.2, () => (tx(batch), batch));
      const perSec = timed(seconds, () => (tx(batch), batch));
      report({ mode, rowsPerSec: perSec, batch, window: lastWindow });
    } else if (mode === 'read-parse') {
      db.pragma('synchronous = OFF');
      const tx = db.transaction(() => {
        for (let i = 0; i < rows; i++) insert.run(...rowOf(n++, streams));
      });
      tx();
      // Move the pages from the WAL into the database file, as a long-running store would have.
      db.pragma('wal_checkpoint(TRUNCATE)');
      const select = db.prepare(
        'SELECT position, event_id, stream_id, revision, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT ?',
      );
      const readAll = () => {
        let after = 0;
        let count = 0;
        for (;;) {
          const page = select.all(after, 1000);
          if (page.length === 0) break;
          for (const r of page) {
            const data = JSON.parse(r.data);
            const metadata = JSON.parse(r.metadata);
            if (data === undefined || metadata === undefined) throw new Error('unreachable');
            count += 1;
          }
          after = page[page.length - 1].position;
        }
        return count;
      };
      readAll(); // warm-up: page cache and JIT
      const perSec = timed(seconds, readAll);
      report({ mode, rowsPerSec: perSec, rows, window: lastWindow });
    } else {
      throw new Error(`unknown mode ${mode}`);
    }
    db.close();
  } finally {
    removeDir(dir);
  }
});
