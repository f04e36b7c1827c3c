'use strict';
/**
 * Replay into all read models.
 *   mode=seed    fills bench/.data/replay-<events>/ once with the demo seeder
 *                (libs/projections `seedDemo`, the one behind `ledger-cli seed --groups N`) with as many
 *                groups as make ≥ `events` events; reused by later runs (BENCH_RESEED=1 seeds again)
 *   mode=replay  opens that store in this fresh process and rebuilds every read model from 0 with
 *                the projection runner (no snapshot), then settles them → events/s and peak RSS
 */
const fs = require('node:fs');
const path = require('node:path');
const { run, report, nowUs, DATA_DIR } = require('../lib/child');
const {
  openOurStore,
  loadDemoGenerator,
  loadSeedDemo,
  loadReadModels,
  loadProjectionRunner,
  fileHash,
} = require('../lib/dist');

/** The day "today" of the seeded city and of the replay (fixed: the same bytes every run). */
const TODAY = '2026-06-30';
const SEED = 20201208;

/** Appends `events` in order, each run of consecutive same-stream events as one append, pipelined. */
async function appendInOrder(store, items) {
  const pending = [];
  for (let i = 0; i < items.length;) {
    const streamId = items[i].streamId;
    const batch = [];
    while (i < items.length && items[i].streamId === streamId && batch.length < 500)
      batch.push(items[i++].event);
    // The store queues appends in call order, so global order is the demo's recording order.
    pending.push(store.appendToStream(streamId, batch));
  }
  await Promise.all(pending);
}

async function seed({ events, dir }) {
  const { DemoGenerator, file } = loadDemoGenerator();
  const generator = fileHash(file);
  const marker = path.join(dir, 'seeded.json');
  // A store seeded by an earlier version of the generator is still a million valid events (events
  // that no longer parse would show as "skipped"): reused unless BENCH_RESEED=1.
  if (fs.existsSync(marker) && process.env.BENCH_RESEED !== '1') {
    const summary = JSON.parse(fs.readFileSync(marker, 'utf8'));
    return { ...summary, dir, reused: true, sameGenerator: summary.generator === generator };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  // How many groups make `events` events: the demo's events per group, from its first 400 groups.
  const sample = 400;
  const perGroup =
    new DemoGenerator({ groups: sample, today: TODAY, seed: SEED, generationSize: 200 }).all().length /
    sample;
  // Later generations run shorter histories than the first ones: 8% more groups than the sample says.
  const groups = Math.ceil((events * 1.08) / perGroup / 200) * 200;
  // Seeding is preparation, not the measurement: no fsync per commit.
  const store = await openOurStore(dir, { synchronous: 'OFF' });
  const t0 = Date.now();
  let count = 0;
  let via;
  try {
    const seedDemo = loadSeedDemo();
    if (seedDemo) {
      via = 'seedDemo (libs/projections, as `ledger-cli seed --groups N`)';
      count = await seedDemo(store, { groups, today: TODAY, seed: SEED, generationSize: 200 });
    } else {
      via = 'DemoGenerator batches, appended in order';
      for (const batch of new DemoGenerator({
        groups,
        today: TODAY,
        seed: SEED,
        generationSize: 200,
      }).batches()) {
        await appendInOrder(store, batch);
        count += batch.length;
      }
    }
  } finally {
    await store.close();
  }
  const summary = {
    dir,
    events: count,
    groups,
    today: TODAY,
    via,
    generator,
    seededInSeconds: (Date.now() - t0) / 1000,
  };
  fs.writeFileSync(marker, JSON.stringify(summary));
  return summary;
}

/**
 * The store as the runner sees it, stopping after `maxEvents` events or `budgetSeconds` seconds
 * (a bounded run of the bench; the report says where it stopped). Reads pass straight through.
 */
function bounded(store, { maxEvents, budgetSeconds }) {
  if (!maxEvents && !budgetSeconds) return { store, stoppedAt: () => undefined };
  const t0 = Date.now();
  let stop;
  const proxy = Object.create(store);
  proxy.readAll = async (options = {}) => {
    const after = options.after ?? 0n;
    if (stop === undefined && budgetSeconds && (Date.now() - t0) / 1000 > budgetSeconds)
      stop = { reason: `time budget of ${budgetSeconds} s`, after };
    if (stop === undefined && maxEvents && after >= BigInt(maxEvents))
      stop = { reason: `${maxEvents} events`, after };
    if (stop !== undefined) return [];
    const cap = maxEvents ? Number(BigInt(maxEvents) - after) : Infinity;
    return store.readAll({ ...options, maxCount: Math.min(options.maxCount ?? Infinity, cap) });
  };
  proxy.headPosition = async () => {
    const head = await store.headPosition();
    return maxEvents && head > BigInt(maxEvents) ? BigInt(maxEvents) : head;
  };
  return { store: proxy, stoppedAt: () => stop };
}

run(async ({ mode, events = 1000000, prepared, maxEvents, budgetSeconds }) => {
  if (mode === 'seed') {
    const dir = path.join(DATA_DIR, `replay-${events}`);
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
    const limited = bounded(store, { maxEvents, budgetSeconds });
    const runner = new ProjectionRunner({
      store: limited.store,
      models: models.list,
      today: () => TODAY,
      log: () => undefined,
    });
    const startUs = nowUs();
    const t0 = process.hrtime.bigint();
    await runner.rebuild();
    const endUs = nowUs();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const applied = runner.applied;
    const skipped = runner.skipped.length;
    await runner.stop();
    const stopped = limited.stoppedAt();
    report({
      mode,
      events: applied,
      seeded: prepared.events,
      stoppedEarly: stopped ? `stopped after ${applied} events (${stopped.reason})` : undefined,
      skipped,
      seconds,
      eventsPerSec: applied / seconds,
      models: models.list.length,
      modelNames: models.list.map((m) => m.name),
      modelsFrom: models.from,
      window: { startUs, endUs },
    });
  } finally {
    await store.close();
  }
});
