'use strict';
/**
 * Measurement script (not a test, not part of `npm test` or `npm run bench`), ADR 0113: how much
 * the UNIQUE (stream_id, revision) index costs a 64-event group commit, and what a write-behind
 * stream index would give. Raw better-sqlite3 on the store's `events` schema, WAL,
 * synchronous=FULL, 64 streams, one multi-row INSERT of 64 of the bench's sample events a commit:
 *
 *   indexed   the schema as it is: the stream index is written in every commit
 *   behind K  no stream index on `events`; every K commits, the tail (position > indexed_upto) is
 *             copied into a WITHOUT ROWID (stream_id, revision) → position table in one
 *             synchronous=NORMAL transaction (its pages reach the disk with the next FULL commit)
 *
 *   node bench/perf/t1-write-behind-index.js indexed
 *   node bench/perf/t1-write-behind-index.js behind 16 [seconds]
 *
 * Prints events/s, commits/s, WAL frames per commit (the index flush included) and CPU per commit.
 * 3,000 commits (192,000 events) are written first so that each stream spans many index leaves.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Database = require('better-sqlite3');
const { sampleEvent, streamIdOf } = require('../lib/events');

const [variant = 'indexed', kArg = '16', secsArg = '4'] = process.argv.slice(2);
if (variant !== 'indexed' && variant !== 'behind') throw new Error('usage: indexed | behind K [seconds]');
const K = Number(kArg);
const seconds = Number(secsArg);
const indexed = variant === 'indexed';
const STREAMS = 64;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 't1-write-behind-'));
const file = path.join(dir, 'events.db');
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(`
  CREATE TABLE events (position INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL,
    revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL
    ${indexed ? ', UNIQUE (stream_id, revision)' : ''});
  CREATE TABLE stream_index (stream_id TEXT NOT NULL, revision INTEGER NOT NULL, position INTEGER NOT NULL,
    PRIMARY KEY (stream_id, revision)) WITHOUT ROWID;
  CREATE TABLE meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL) WITHOUT ROWID;
  INSERT INTO meta VALUES ('indexed_upto', 0);`);

const insert = db.prepare(`INSERT INTO events VALUES ${new Array(STREAMS).fill('(?, ?, ?, ?, ?, ?, ?)').join(', ')}`);
const begin = db.prepare('BEGIN IMMEDIATE');
const commitStmt = db.prepare('COMMIT');
const copyTail = db.prepare(
  'INSERT INTO stream_index SELECT stream_id, revision, position FROM events WHERE position > ? ORDER BY stream_id, revision',
);
const setUpto = db.prepare(`UPDATE meta SET v = ? WHERE k = 'indexed_upto'`);
const revisions = new Array(STREAMS).fill(-1);
let position = 0;
let n = 0;
let indexedUpto = 0;

function commit() {
  const args = [];
  for (let w = 0; w < STREAMS; w++) {
    const e = sampleEvent(7, n++, w);
    revisions[w] += 1;
    position += 1;
    args.push(position, e.eventId, streamIdOf(w), revisions[w], e.type, JSON.stringify(e.data), JSON.stringify(e.metadata));
  }
  begin.run();
  insert.run(...args);
  commitStmt.run();
}

function flushIndex() {
  db.pragma('synchronous = NORMAL');
  db.transaction(() => {
    copyTail.run(indexedUpto);
    setUpto.run(position);
  })();
  indexedUpto = position;
  db.pragma('synchronous = FULL');
}

for (let i = 1; i <= 3000; i++) {
  commit();
  if (!indexed && i % K === 0) flushIndex();
}
if (!indexed) flushIndex();
db.pragma('wal_checkpoint(TRUNCATE)');
db.pragma('wal_autocheckpoint = 0'); // count every frame the commits write

let commits = 0;
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
while (Number(process.hrtime.bigint() - t0) < seconds * 1e9) {
  commit();
  commits += 1;
  if (!indexed && commits % K === 0) flushIndex();
}
const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const frames = fs.statSync(`${file}-wal`).size / (4096 + 24);
console.log(
  JSON.stringify({
    variant,
    ...(indexed ? {} : { K }),
    eventsPerSec: Math.round((commits * STREAMS) / elapsed),
    commitsPerSec: Math.round(commits / elapsed),
    walFramesPerCommit: Number((frames / commits).toFixed(1)),
    cpuUsPerCommit: Math.round((cpu.user + cpu.system) / commits),
  }),
);
db.close();
fs.rmSync(dir, { recursive: true, force: true });
