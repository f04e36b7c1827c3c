'use strict';
/**
 * Our SQLite event store (libs/event-store/src/sqlite, compiled), through the EventStore port:
 *   mode=single      one appender, one event per append (exact expected revision) → events/s
 *   mode=concurrent  64 appenders, one event per append, own streams (group commit) → events/s + failures
 *   mode=batch       100-event appends                                               → events/s
 *   mode=read        readAll pages of 1000 over `rows` events (data and metadata parsed) → events/s
 */
const { run, report, freshDir, removeDir, closedLoop, nowUs } = require('../lib/child');
const { sampleEvent, streamIdOf } = require('../lib/events');
const { openOurStore } = require('../lib/dist');

run(async ({ mode, seconds = 2, concurrency = 64, batch = 100, rows = 100000 }) => {
  const dir = freshDir(`ours-${mode}`);
  let store;
  try {
    store = await openOurStore(dir);
    // Warm the schema outside the measured window.
    await store.appendToStream(streamIdOf(999999), [sampleEvent(5, 0, 999999)]);
    let n = 1;
    if (mode === 'single' || mode === 'concurrent') {
      const c = mode === 'single' ? 1 : concurrency;
      const revisions = new Array(c).fill(undefined);
      const r = await closedLoop({
        concurrency: c,
        seconds,
        warmupSeconds: 0.3,
        op: async (w) => {
          const expectedRevision = revisions[w] === undefined ? 'no_stream' : revisions[w];
          const res = await store.appendToStream(streamIdOf(w), [sampleEvent(5, n++, w)], {
            expectedRevision,
          });
          revisions[w] = res.nextExpectedRevision;
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
        window: r.window,
      });
    } else if (mode === 'batch') {
      const r = await closedLoop({
        concurrency: 1,
        seconds,
        warmupSeconds: 0.3,
        op: async (_w, i) => {
          const events = [];
          for (let j = 0; j < batch; j++) events.push(sampleEvent(5, n++, i % 1000));
          await store.appendToStream(streamIdOf(i % 1000), events);
          return batch;
        },
      });
      report({ mode, batch, eventsPerSec: r.eventsPerSec, failed: r.failed, window: r.window });
    } else if (mode === 'read') {
      const streams = 1000;
      for (let done = 0; done < rows;) {
        const s = (done / 100) % streams;
        const events = [];
        for (let j = 0; j < 100 && done < rows; j++, done++) events.push(sampleEvent(5, n++, s));
        await store.appendToStream(streamIdOf(s), events);
      }
      const readAll = async () => {
        let after = 0n;
        let count = 0;
        for (;;) {
          const page = await store.readAll({ after, maxCount: 1000 });
          if (page.length === 0) break;
          count += page.length;
          after = page[page.length - 1].position;
        }
        return count;
      };
      await readAll(); // warm-up
      const startUs = nowUs();
      const t0 = process.hrtime.bigint();
      let count = 0;
      let elapsed = 0;
      do {
        count += await readAll();
        elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
      } while (elapsed < seconds);
      report({ mode, rows: rows + 1, eventsPerSec: count / elapsed, window: { startUs, endUs: nowUs() } });
    } else {
      throw new Error(`unknown mode ${mode}`);
    }
  } finally {
    if (store) await store.close();
    removeDir(dir);
  }
});
