// A child process for the crash suite: replays the data dir's log into every read model again and
// again, saving every model's snapshot after each small page, so a SIGKILL at a random moment
// lands during (or between) snapshot writes of <dataDir>/projections.db. Needs the built dist/.
'use strict';
const path = require('node:path');
const root = path.resolve(__dirname, '../../..');
const { createEventStore } = require(path.join(root, 'dist/libs/event-store/src/index.js'));
const { ProjectionRunner, allReadModels } = require(path.join(root, 'dist/libs/projections/src/index.js'));

async function main() {
  const dataDir = process.argv[2];
  const store = await createEventStore({ kind: 'sqlite', dataDir });
  const runner = new ProjectionRunner({
    store,
    models: allReadModels(),
    checkpointFile: path.join(dataDir, 'projections.db'),
    today: () => '2026-01-15',
    snapshotEvery: 1,
    batchSize: 25,
  });
  process.stdout.write('writing\n');
  for (;;) await runner.rebuild();
}

main().catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : String(err)}\n`);
  process.exit(1);
});
