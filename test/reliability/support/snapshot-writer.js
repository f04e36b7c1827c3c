// A child process for the crash suite: replays the data dir's log into every read model again and
// again, saving every model's snapshot after each small page, so a SIGKILL at a random moment
// lands during (or between) snapshot writes of <dataDir>/projections.db. Needs the built dist/.
// With `live` as second argument the snapshots are live ones instead (ADR 0142): the runner is
// shown only the first half of the log while it catches up, so the second half reaches it as live
// events, and every few of them a snapshot is cut on the event loop and written by the writer thread.
'use strict';
const path = require('node:path');
const root = path.resolve(__dirname, '../../..');
const { createEventStore } = require(path.join(root, 'dist/libs/event-store/src/index.js'));
const { ProjectionRunner, allReadModels } = require(path.join(root, 'dist/libs/projections/src/index.js'));

/** The store as a catch-up sees it up to `last` only; its live subscription still sees everything. */
function upTo(store, last) {
  return new Proxy(store, {
    get(target, key) {
      if (key === 'headPosition') return async () => last;
      if (key === 'readAll')
        return async (options) => (await target.readAll(options)).filter((e) => e.position <= last);
      const value = target[key];
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function main() {
  const dataDir = process.argv[2];
  const live = process.argv[3] === 'live';
  const store = await createEventStore({ kind: 'sqlite', dataDir });
  const options = {
    models: allReadModels(),
    checkpointFile: path.join(dataDir, 'projections.db'),
    today: () => '2026-01-15',
    snapshotEvery: live ? 25 : 1,
    batchSize: 25,
  };
  process.stdout.write('writing\n');
  if (!live) {
    const runner = new ProjectionRunner({ ...options, store });
    for (;;) await runner.rebuild();
  }
  const head = await store.headPosition();
  for (;;) {
    const runner = new ProjectionRunner({
      ...options,
      store: upTo(store, head / 2n),
      snapshotIntervalMs: 0,
      snapshotSliceMs: 1,
    });
    await runner.rebuild(); // the first half, saved on the runner's turn
    await runner.start(); // then the second half, live
    process.stdout.write('live\n');
    await runner.waitFor(head, 60_000);
    await runner.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : String(err)}\n`);
  process.exit(1);
});
