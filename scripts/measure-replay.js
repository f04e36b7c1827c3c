#!/usr/bin/env node
/**
 * Replay speed and memory of the read side (issue 5's closing note).
 *
 *   node scripts/measure-replay.js [--events 1000000] [--data-dir DIR] [--today 2026-11-27]
 *        [--limit N] [--snapshots] [--dist .tmp/replay-dist] [--heap-mb 8192]
 *
 * --limit N stops after N events of a bigger store; --snapshots writes the snapshots into a
 * temporary checkpoint file during and after the replay (as `ledger-cli rebuild` does);
 * REPLAY_NODE_FLAGS="--cpu-prof --cpu-prof-dir=DIR" profiles the replaying child.
 *
 * Seeds DIR (default ./data/measure-replay-<events>) with the demo ledger once — as many groups as
 * make about `--events` events, through the same seeder as `ledger-cli seed` — unless it already
 * holds events; then, in a fresh child process, opens the store and rebuilds every read model from
 * position 0 (no snapshot), settles them (today's compliance of every subject) and prints
 * events/s and the child's peak RSS. Needs `npm run build:server` first.
 */
const path = require('node:path');
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
// --dist DIR: a private build (e.g. .tmp/replay-dist) instead of the shared dist/.
const distDir = path.resolve(root, opt('dist', 'dist'));
const dist = (p) => path.join(distDir, p);
// --limit N: stop the replay after N events (a bounded run on a bigger seeded store).
const limit = opt('limit', undefined) === undefined ? undefined : BigInt(opt('limit'));
// --snapshots: rebuild with a checkpoint file (snapshots written as `ledger-cli rebuild` does).
const withSnapshots = args.includes('--snapshots');
const target = Number(opt('events', '1000000'));
const today = opt('today', '2026-11-27');
const dataDir = path.resolve(opt('data-dir', path.join(root, 'data', `measure-replay-${target}`)));
const EVENTS_PER_GROUP = 78; // measured on the demo generator (46,998 events for 603 groups)

if (!fs.existsSync(dist('libs/projections/src/index.js'))) {
  console.error('dist/ missing: run `npm run build:server` first');
  process.exit(1);
}

async function openStore() {
  const { loadConfig, openEventStore } = require(dist('libs/platform/src/index.js'));
  return openEventStore(
    loadConfig({
      ...process.env,
      LEDGER_DATA_DIR: dataDir,
      EVENT_STORE: 'sqlite',
      LEDGER_SQLITE_SYNCHRONOUS: 'NORMAL',
    }),
  );
}

async function seedIfEmpty() {
  fs.mkdirSync(dataDir, { recursive: true });
  const store = await openStore();
  const head = await store.headPosition();
  if (head > 0n) {
    console.log(`using ${dataDir}: ${head} events already there`);
    await store.close();
    return;
  }
  const { seedDemo } = require(dist('libs/projections/src/index.js'));
  const groups = Math.ceil(target / EVENTS_PER_GROUP);
  const started = Date.now();
  let last = 0;
  const n = await seedDemo(store, { groups, today }, (p) => {
    if (Date.now() - last > 5000) {
      last = Date.now();
      console.log(
        `  seeding: ${p.groupsDone}/${groups} groups, ${p.events} events, ${Math.round(p.events / ((Date.now() - started) / 1000))} events/s`,
      );
    }
  });
  console.log(`seeded ${n} events (${groups} groups) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await store.close();
}

async function replay() {
  const { ProjectionRunner, allReadModels } = require(dist('libs/projections/src/index.js'));
  const real = await openStore();
  const store = limit === undefined ? real : bounded(real, limit);
  const checkpointFile = withSnapshots
    ? path.join(fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'replay-cp-')), 'projections.db')
    : undefined;
  const runner = new ProjectionRunner({ store, models: allReadModels(), today: () => today, checkpointFile });
  const head = await store.headPosition();
  const t0 = process.hrtime.bigint();
  await runner.catchUp();
  const t1 = process.hrtime.bigint();
  runner.settle();
  if (withSnapshots) runner.saveSnapshot();
  const t2 = process.hrtime.bigint();
  const snapshotBytes = checkpointFile
    ? fs.statSync(checkpointFile).size +
      (fs.existsSync(`${checkpointFile}-wal`) ? fs.statSync(`${checkpointFile}-wal`).size : 0)
    : undefined;
  const foldS = Number(t1 - t0) / 1e9;
  const totalS = Number(t2 - t0) / 1e9;
  const usage = process.resourceUsage();
  const mem = process.memoryUsage();
  const result = {
    events: runner.applied,
    head: head.toString(),
    foldSeconds: +foldS.toFixed(2),
    settleSeconds: +(totalS - foldS).toFixed(2),
    snapshotMiB: snapshotBytes === undefined ? undefined : Math.round(snapshotBytes / 1048576),
    eventsPerSecondFold: Math.round(runner.applied / foldS),
    eventsPerSecondTotal: Math.round(runner.applied / totalS),
    peakRssMiB: Math.round(usage.maxRSS / 1024),
    rssAfterMiB: Math.round(mem.rss / 1048576),
    heapUsedAfterMiB: Math.round(mem.heapUsed / 1048576),
    node: process.version,
  };
  await runner.stop();
  await real.close();
  if (checkpointFile) fs.rmSync(path.dirname(checkpointFile), { recursive: true, force: true });
  console.log(JSON.stringify(result));
}

/** The store as the runner sees it, ending at position `max` (reads pass straight through). */
function bounded(store, max) {
  const proxy = Object.create(store);
  proxy.headPosition = async () => {
    const head = await store.headPosition();
    return head > max ? max : head;
  };
  proxy.readAll = async (options = {}) => {
    const after = options.after ?? 0n;
    if (after >= max) return [];
    const cap = Number(max - after);
    return store.readAll({ ...options, maxCount: Math.min(options.maxCount ?? Infinity, cap) });
  };
  return proxy;
}

if (args.includes('--child')) {
  replay().catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  seedIfEmpty()
    .then(() => {
      // A fresh process, so that the peak RSS is the replay's alone.
      const out = execFileSync(
        process.execPath,
        [
          ...(process.env.REPLAY_NODE_FLAGS ?? '').split(' ').filter(Boolean),
          `--max-old-space-size=${opt('heap-mb', '8192')}`,
          __filename,
          '--child',
          ...args,
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const result = JSON.parse(out.trim().split('\n').pop());
      console.log(`replayed ${result.events} events into every read model:`);
      console.log(
        `  fold ${result.foldSeconds} s (${result.eventsPerSecondFold} events/s), settle ${result.settleSeconds} s, total ${result.eventsPerSecondTotal} events/s`,
      );
      if (result.snapshotMiB !== undefined) console.log(`  snapshots on disk ${result.snapshotMiB} MiB`);
      console.log(
        `  peak RSS ${result.peakRssMiB} MiB, RSS after ${result.rssAfterMiB} MiB, heap used ${result.heapUsedAfterMiB} MiB (${result.node})`,
      );
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
