'use strict';
/**
 * Measurement script (not a test, not part of `npm test` or `npm run bench`), ADR 0179: a live
 * snapshot of a big ledger while events are recorded. On a fresh copy of `--data` (events.db and
 * projections.db with snapshots), the built read side (`ProjectionRunner` with every read model)
 * restores and catches up; then one valid event (the log's last `JointExamHeld`, with a new id) is
 * appended every ~5 ms, and after 3 s a live snapshot begins. Prints how long the fold was held, how
 * long until the writer committed, each event's wait (recorded during the snapshot) until the read
 * side had applied it, and the event loop's delay meanwhile. With `--variant <dist>` the rounds
 * alternate between the two builds, in one run.
 *
 *   npm run build:server
 *   node bench/perf/live-snapshot.js --data /path/to/data-dir [--rounds 2] [--dist dist] [--variant .tmp/dist-before] [--today 2026-12-01]
 *
 * `--today` should be the day the snapshot's compliance was judged at (else a whole-city settle runs
 * first). `--no-inline` turns the store's inline lone appends off (ADR 0104: every append goes
 * through the writer thread). Each round runs in a child process of its own. Also printed (ADR
 * 0182): the inline commits slower than 20 ms during the snapshot and the event loop's stalls over
 * 150 ms, each as [ms since the snapshot began, ms], and how many inline commits there were; and
 * (ADR 0183) when the last part was cut (`cutEndS`) and the appends that took more than 50 ms to
 * answer, the same way.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { monitorEventLoopDelay } = require('node:perf_hooks');

const ROOT = path.resolve(__dirname, '..', '..');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const quantile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function round(dist, data, today, inline) {
  const d = (p) => require(path.join(dist, p));
  const { createEventStore } = d('libs/event-store/src/index.js');
  const { ProjectionRunner } = d('libs/projections/src/runner/projection-runner.js');
  const { allReadModels } = d('libs/projections/src/read-models.js');
  const dir = fs.mkdtempSync('/tmp/live-snapshot-');
  try {
    for (const f of ['events.db', 'projections.db']) fs.copyFileSync(path.join(data, f), path.join(dir, f));
    const store = await createEventStore({ kind: 'sqlite', dataDir: dir, inlineLoneAppends: inline });
    const runner = new ProjectionRunner({
      store,
      models: allReadModels(),
      checkpointFile: path.join(dir, 'projections.db'),
      today: () => today,
      log: (level, message) => level !== 'info' && process.stderr.write(`${level} ${message}\n`),
    });
    // The inline appender timed (a private field of the SQLite store: this is a measurement).
    const slowInline = [];
    const counted = { inline: 0, since: Infinity };
    const inlineAppender = store['inline']?.appender;
    if (inlineAppender) {
      const runBatch = inlineAppender.runBatch.bind(inlineAppender);
      inlineAppender.runBatch = (parts) => {
        const at = performance.now();
        try {
          return runBatch(parts);
        } finally {
          const ms = performance.now() - at;
          if (at >= counted.since) {
            counted.inline += 1;
            if (ms > 20) slowInline.push([Math.round(at - counted.since), Math.round(ms)]);
          }
        }
      };
    }
    const started = performance.now();
    await runner.start();
    const startS = (performance.now() - started) / 1000;
    let sample;
    for (
      let after = (await store.headPosition()) - 20_000n;
      !sample && after < (await store.headPosition());
      after += 1_000n
    ) {
      sample = (await store.readAll({ after: after < 0n ? 0n : after, maxCount: 1_000 })).find(
        (e) => e.type === 'JointExamHeld',
      );
    }
    if (!sample) throw new Error('no JointExamHeld among the last 20,000 events to record again');
    const waits = []; // [recorded at, ms until applied]
    const appends = []; // [called at, ms until the append answered]
    let recording = true;
    const recorder = (async () => {
      while (recording) {
        const at = performance.now();
        const r = await store.appendToStream(sample.streamId, [
          { eventId: randomUUID(), type: sample.type, data: sample.data, metadata: sample.metadata },
        ]);
        appends.push([at, performance.now() - at]);
        void runner.waitFor(r.position, 120_000).then(() => waits.push([at, performance.now() - at]));
        await sleep(5);
      }
    })();
    await sleep(3_000);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const t0 = performance.now();
    counted.since = t0;
    const stalls = [];
    let lastTick = t0;
    const stallTimer = setInterval(() => {
      const now = performance.now();
      if (now - lastTick > 150) stalls.push([Math.round(lastTick - t0), Math.round(now - lastTick)]);
      lastTick = now;
    }, 10);
    let heldUntil;
    let committedAt;
    let cutEndAt;
    // The snapshot a live runner begins when one is due (ADR 0158 would wait for a long tail).
    void runner['beginSlicedSave'](runner['checkpoints']);
    const poll = setInterval(() => {
      const now = performance.now() - t0;
      if (!runner.snapshotting && heldUntil === undefined) heldUntil = now;
      if (!runner['saving'] && committedAt === undefined) committedAt = now;
      if (runner['saving'] && !runner['saving'].cutting && cutEndAt === undefined) cutEndAt = now;
    }, 5);
    while (committedAt === undefined && performance.now() - t0 < 120_000) await sleep(50);
    await sleep(2_000);
    clearInterval(poll);
    clearInterval(stallTimer);
    delay.disable();
    recording = false;
    await recorder;
    await runner.waitFor(await store.headPosition(), 60_000);
    const during = waits.filter(([at]) => at >= t0 && at <= t0 + committedAt).map(([, ms]) => ms);
    runner['saveCostMs'] = Infinity; // stop() saves nothing more
    // Builds before ADR 0182 let the process end while their snapshot writer's thread closed.
    const alive = setInterval(() => undefined, 1_000);
    await runner.stop();
    clearInterval(alive);
    await store.close();
    return {
      dist: path.relative(ROOT, dist) || '.',
      startS: +startS.toFixed(1),
      heldS: +(heldUntil / 1000).toFixed(2),
      cutEndS: cutEndAt === undefined ? undefined : +(cutEndAt / 1000).toFixed(2),
      committedS: +(committedAt / 1000).toFixed(2),
      cutWorkS: +(runner['lastSaveMs'] / 1000).toFixed(2),
      events: during.length,
      waitMs: {
        p50: Math.round(quantile(during, 0.5)),
        p90: Math.round(quantile(during, 0.9)),
        p99: Math.round(quantile(during, 0.99)),
        max: Math.round(Math.max(...during)),
      },
      loopDelayMs: { p99: Math.round(delay.percentile(99) / 1e6), max: Math.round(delay.max / 1e6) },
      loopStallsOver150Ms: stalls,
      inlineCommits: counted.inline,
      inlineCommitsOver20Ms: slowInline,
      appendsOver50Ms: appends
        .filter(([at, ms]) => at >= t0 && ms > 50)
        .map(([at, ms]) => [Math.round(at - t0), Math.round(ms)]),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const one = arg('one');
  if (one) {
    const { dist, data, today, inline } = JSON.parse(one);
    process.stdout.write(`RESULT ${JSON.stringify(await round(dist, data, today, inline))}\n`);
    return;
  }
  const data = arg('data');
  if (!data || !fs.existsSync(path.join(data, 'projections.db')))
    throw new Error('--data <dir> with events.db and projections.db (with snapshots) is required');
  const rounds = Number(arg('rounds', '2'));
  const builds = [arg('dist', 'dist'), arg('variant')].filter(Boolean).map((p) => path.resolve(ROOT, p));
  const today = arg('today', '2026-12-01');
  const inline = !process.argv.includes('--no-inline');
  for (let r = 0; r < rounds; r++) {
    for (const dist of builds) {
      const child = spawnSync(
        process.execPath,
        [
          '--max-old-space-size=4096',
          __filename,
          '--one',
          JSON.stringify({ dist, data: path.resolve(data), today, inline }),
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
      process.stdout.write(`${line ? line.slice(7) : `failed (exit ${child.status})`}\n`);
    }
  }
}

main().catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : String(err)}\n`);
  process.exit(1);
});
