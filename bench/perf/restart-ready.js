'use strict';
/**
 * Measurement script (not a test, not part of `npm test` or `npm run bench`), ADR 0169: how long
 * the built API takes from its start to `/health` 200 on an existing data dir, and where that time
 * goes (restoring snapshots, catching up, a snapshot cut during the catch-up, settling the city).
 * Each round starts the server on a fresh copy of `--data` (so every round sees the same snapshot
 * and the same tail), polls `GET /health` every 250 ms until it answers 200, then stops the server.
 * With `--variant <dist>` the rounds alternate between the two builds, in one run.
 *
 *   npm run build:server
 *   node bench/perf/restart-ready.js --data /path/to/data-dir [--rounds 2] [--dist dist] [--variant .tmp/dist-before]
 *
 * The data dir must hold events.db, and projections.db with a snapshot for a restore to be
 * measured (start the API on it once and stop it: the first start builds both). The bench's
 * million-event store (bench/.data/replay-1000000, made by `npm run bench`) is such a store once
 * started once; `ledger-cli seed --groups N --seed <another> --allow-non-empty` adds a tail.
 */
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { parseArgs } = require('node:util');

const ROOT = path.resolve(__dirname, '../..');
const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    rounds: { type: 'string', default: '2' },
    dist: { type: 'string', default: 'dist' },
    variant: { type: 'string' },
  },
});
const DATA = values.data;
const ROUNDS = Number(values.rounds);
const builds = [path.resolve(ROOT, values.dist)];
if (values.variant) builds.push(path.resolve(ROOT, values.variant));

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

/** The phase `/health` reports: the first of its projections flags that is set. */
function phaseOf(body) {
  if (!body) return 'not listening';
  if (body.status === 'ok') return 'ready';
  const p = (body.details ?? {}).projections ?? {};
  if (p.restoring) return 'restoring';
  if (p.snapshotting) return 'snapshotting';
  if (p.settling) return 'settling';
  if (!p.caughtUp) return 'catching up';
  return 'not ready';
}

async function health(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
    return await res.json();
  } catch {
    return undefined;
  }
}

async function round(dist, data) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'restart-ready-'));
  for (const f of fs.readdirSync(data)) fs.cpSync(path.join(data, f), path.join(dir, f), { recursive: true });
  const port = await freePort();
  const lines = [];
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(dist, 'apps/ledger-api/src/main.js')], {
    env: {
      ...process.env,
      LEDGER_DATA_DIR: dir,
      PORT: String(port),
      LEDGER_SEED_DEMO: 'false',
      LEDGER_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let rest = '';
  child.stdout.on('data', (chunk) => {
    const text = rest + chunk;
    const parts = text.split('\n');
    rest = parts.pop();
    for (const l of parts) {
      // The read side's own lines: restored, caught up, settled, snapshots.
      const m = /"context":"ReadSide".*?"msg":"([^"]*)"/.exec(l);
      if (m) lines.push(`${((performance.now() - t0) / 1000).toFixed(1)} s ${m[1]}`);
    }
  });
  child.stderr.resume();
  const phases = [];
  let phase;
  try {
    for (const until = t0 + 600_000; performance.now() < until;) {
      const now = phaseOf(await health(port));
      if (now !== phase) {
        phases.push({ phase: now, atSeconds: Number(((performance.now() - t0) / 1000).toFixed(2)) });
        phase = now;
      }
      if (now === 'ready') break;
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const spent = {};
  for (let i = 0; i + 1 < phases.length; i++)
    spent[phases[i].phase] = Number(
      ((spent[phases[i].phase] ?? 0) + phases[i + 1].atSeconds - phases[i].atSeconds).toFixed(2),
    );
  return {
    build: path.relative(ROOT, dist) || dist,
    readySeconds: phase === 'ready' ? phases.at(-1).atSeconds : null,
    spent,
    phases,
    log: lines,
  };
}

async function main() {
  if (!DATA || !fs.existsSync(path.join(DATA, 'events.db')))
    throw new Error(
      'usage: restart-ready.js --data <data dir holding events.db> [--rounds N] [--dist dir] [--variant dir]',
    );
  for (const b of builds)
    if (!fs.existsSync(path.join(b, 'apps/ledger-api/src/main.js')))
      throw new Error(`${b}: no built API (npm run build:server)`);
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate the order each round, so that neither build always goes first.
    const order = r % 2 === 0 ? builds : [...builds].reverse();
    for (const b of order) console.log(JSON.stringify({ round: r + 1, ...(await round(b, DATA)) }));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
