'use strict';
/**
 * The peer: Emmett's SQLite event store (@event-driven-io/emmett-sqlite 0.38.5), a dependency of
 * bench/ only. Same sample events as every other store under test.
 *   mode=single      one appender, one event per append            → events/s
 *   mode=concurrent  64 appenders, one event per append, own streams → events/s + failures
 *   mode=batch       100-event appends                            → events/s
 *   mode=read        read the global log (readMessagesBatch, 1000 a page) and every stream → events/s
 */
const path = require('node:path');
const { run, report, freshDir, removeDir, closedLoop, countLoggedErrors, sleep } = require('../lib/child');
const { sampleEvent, streamIdOf } = require('../lib/events');

function load() {
  try {
    return require('@event-driven-io/emmett-sqlite');
  } catch (err) {
    throw new Error(`the peer is not installed (run: npm --prefix bench install): ${err.message}`);
  }
}

const toEmmett = (e) => ({ type: e.type, data: e.data, metadata: e.metadata });

run(async ({ mode, seconds = 2, concurrency = 64, batch = 100, rows = 20000 }) => {
  const emmett = load();
  // Emmett logs some SQLite errors (SQLITE_BUSY) instead of rejecting: count them.
  const loggedErrors = countLoggedErrors();
  const dir = freshDir(`peer-${mode}`);
  const fileName = path.join(dir, 'emmett.db');
  try {
    const store = emmett.getSQLiteEventStore({ fileName });
    // Create the schema outside the measured window.
    await store.appendToStream(streamIdOf(999999), [toEmmett(sampleEvent(3, 0, 999999))]);
    let n = 1;
    if (mode === 'single' || mode === 'concurrent') {
      const c = mode === 'single' ? 1 : concurrency;
      const r = await closedLoop({
        concurrency: c,
        seconds,
        warmupSeconds: 0.3,
        op: async (w) => {
          const k = n++;
          await store.appendToStream(streamIdOf(w), [toEmmett(sampleEvent(3, k, w))]);
          return 1;
        },
      });
      report({
        mode,
        concurrency: c,
        eventsPerSec: r.eventsPerSec,
        failed: r.failed,
        rejected: r.rejected,
        stuck: r.stuck,
        failures: r.failures,
        loggedErrors,
      });
    } else if (mode === 'batch') {
      const r = await closedLoop({
        concurrency: 1,
        seconds,
        warmupSeconds: 0.3,
        op: async (_w, i) => {
          const events = [];
          for (let j = 0; j < batch; j++) events.push(toEmmett(sampleEvent(3, n++, i % 1000)));
          await store.appendToStream(streamIdOf(i % 1000), events);
          return batch;
        },
      });
      report({ mode, batch, eventsPerSec: r.eventsPerSec, failed: r.failed, loggedErrors });
    } else if (mode === 'read') {
      const streams = 200;
      for (let s = 0; s < streams; s++) {
        const events = [];
        for (let j = 0; j < rows / streams; j++) events.push(toEmmett(sampleEvent(3, n++, s)));
        // The peer sometimes fails a lone append (SQLITE_BUSY on its own connections): retry the setup.
        for (let attempt = 1; ; attempt++) {
          try {
            await store.appendToStream(streamIdOf(s), events);
            break;
          } catch (err) {
            if (attempt >= 5) throw err;
            await sleep(50);
          }
        }
      }
      const total = rows + 1;
      const conn = emmett.sqliteConnection({ fileName });
      const readGlobal = async () => {
        let after = 0n;
        let count = 0;
        for (;;) {
          const page = await emmett.readMessagesBatch(conn, { after, batchSize: 1000 });
          if (page.messages.length === 0) break;
          count += page.messages.length;
          after = page.messages[page.messages.length - 1].metadata.globalPosition;
        }
        return count;
      };
      const readStreams = async () => {
        let count = 0;
        for (let s = 0; s < streams; s++) count += (await store.readStream(streamIdOf(s))).events.length;
        return count;
      };
      const timeIt = async (fn) => {
        await fn(); // warm-up
        const t0 = process.hrtime.bigint();
        let count = 0;
        let elapsed = 0;
        do {
          count += await fn();
          elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
        } while (elapsed < seconds);
        return count / elapsed;
      };
      const globalPerSec = await timeIt(readGlobal);
      const streamsPerSec = await timeIt(readStreams);
      conn.close();
      // The peer's best read is the one we compare against.
      report({
        mode,
        rows: total,
        eventsPerSec: Math.max(globalPerSec, streamsPerSec),
        globalPerSec,
        streamsPerSec,
      });
    } else {
      throw new Error(`unknown mode ${mode}`);
    }
  } finally {
    removeDir(dir);
  }
});
