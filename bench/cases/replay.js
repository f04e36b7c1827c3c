'use strict';
/**
 * Replay into all read models.
 *   mode=seed    fills bench/.data/replay-<events>-<generator hash>/ once with the demo generator
 *                (libs/projections demo, the one behind `ledger-cli seed`), ≈ `events` events; reused
 *                by later runs while the generator is unchanged
 *   mode=replay  opens that store in this fresh process and rebuilds every read model from 0 with
 *                the projection runner (no snapshot), then settles them → events/s and peak RSS
 */
const fs = require('node:fs');
const path = require('node:path');
const { run, report, nowUs, DATA_DIR } = require('../lib/child');
const { openOurStore, loadDemoGenerator, loadReadModels, loadProjectionRunner, fileHash } = require('../lib/dist');

/** The day "today" of the seeded city and of the replay (fixed: the same bytes every run). */
const TODAY = '2026-06-30';

/** Appends `events` in order, each run of consecutive same-stream events as one append, pipelined. */
async function appendInOrder(store, items) {
  const pending = [];
  for (let i = 0; i < items.length; ) {
    const streamId = items[i].streamId;
    const batch = [];
    while (i < items.length && items[i].streamId === streamId && batch.length < 500) batch.push(items[i++].event);
    // The store queues appends in call order, so global order is the demo's recording order.
    pending.push(store.appendToStream(streamId, batch));
  }
  await Promise.all(pending);
}

async function seed({ events, dir }) {
  const { DemoGenerator, file } = loadDemoGenerator();
  const marker = path.join(dir, 'seeded.json');
  if (fs.existsSync(marker)) return JSON.parse(fs.readFileSync(marker, 'utf8'));
  fs.rmSync(dir, { recursive: true, force: true });
  // Seeding is preparation, not the measurement: no fsync per commit.
  const store = await openOurStore(dir, { synchronous: 'OFF' });
  const t0 = Date.now();
  let count = 0;
  let groups = 0;
  try {
    const generator = new DemoGenerator({ groups: 10_000_000, today: TODAY, seed: 20201208, generationSize: 200 });
    for (const batch of generator.batches()) {
      await appendInOrder(store, batch);
      count += batch.length;
      groups += 200;
      if (count >= events) break;
    }
  } finally {
    await store.close();
  }
  const summary = { dir, events: count, groups, today: TODAY, generator: path.basename(file), seededInSeconds: (Date.now() - t0) / 1000 };
  fs.writeFileSync(marker, JSON.stringify(summary));
  return summary;
}

run(async ({ mode, events = 1000000, prepared }) => {
  if (mode === 'seed') {
    const { file } = loadDemoGenerator();
    const dir = path.join(DATA_DIR, `replay-${events}-${fileHash(file)}`);
    const summary = await seed({ events, dir });
    report({ mode, summary });
    return;
  }
  if (mode !== 'replay') throw new Error(`unknown mode ${mode}`);
  if (!prepared || !prepared.dir) throw new Error('replay needs the seeded store (mode=seed first)');
  const { ProjectionRunner } = loadProjectionRunner();
  const models = loadReadModels();
  const store = await openOurStore(prepared.dir);
  try {
    const runner = new ProjectionRunner({ store, models: models.list, today: () => TODAY, log: () => undefined });
    const startUs = nowUs();
    const t0 = process.hrtime.bigint();
    await runner.rebuild();
    const endUs = nowUs();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const applied = runner.applied;
    const skipped = runner.skipped.length;
    await runner.stop();
    report({ mode, events: applied, skipped, seconds, eventsPerSec: applied / seconds, models: models.list.length, modelNames: models.list.map((m) => m.name), modelsFrom: models.from, window: { startUs, endUs } });
  } finally {
    await store.close();
  }
});
