#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: the ledger's figures side by side with the machine's own limits (raw
 * better-sqlite3), the peer (Emmett's SQLite event store) and the framework's ceiling (a bare
 * NestJS + Fastify app), each measurement in a fresh child process, median of several runs.
 * Prints a table and writes docs/benchmarks.md. Then profiles (node --cpu-prof) what misses its target.
 *
 * Environment:
 *   BENCH_QUICK=1        a ~2 minute smoke run (one run each, short windows, smaller replay)
 *   BENCH_RUNS=N         runs per measurement (default 3, quick 1)
 *   BENCH_ONLY=a,b       only the measurements whose id starts with one of these (e.g. raw,ours.read)
 *   BENCH_PROFILE=0|1    profile the targets that do not hold (default: 1, quick: 0)
 *   BENCH_NO_BUILD=1     do not run `npm run build:server` first
 *   BENCH_DIST=dir       measure a private build in dir (built there) instead of dist/
 *   BENCH_RESEED=1       seed the replay database again (it is kept in bench/.data between runs)
 *   BENCH_OUT=path       where to write the report (default docs/benchmarks.md; "-" for none)
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { medianOfRuns, fmtNumber, ratio, checkTarget, textTable } = require('./lib/stats');
const { RESULT_PREFIX, DATA_DIR } = require('./lib/child');
const { topFramesOfFile, threadOf } = require('./lib/profile');
const { renderReport } = require('./lib/report');
const { defineMeasurements, defineTargets } = require('./lib/plan');

const ROOT = path.resolve(__dirname, '..');
const QUICK = process.env.BENCH_QUICK === '1';
const RUNS = Number(process.env.BENCH_RUNS || (QUICK ? 1 : 3));
const ONLY = (process.env.BENCH_ONLY || '').split(',').filter(Boolean);
// Profiles cost a run each: on by default for the run of record, off for the quick smoke run.
const PROFILE = process.env.BENCH_PROFILE ? process.env.BENCH_PROFILE !== '0' : !QUICK;
const OUT = process.env.BENCH_OUT || path.join(ROOT, 'docs', 'benchmarks.md');

function log(line) {
  process.stderr.write(`${line}\n`);
}

/** Installs the peer into bench/node_modules when it is missing (a dependency of bench/ only). */
function ensurePeerInstalled() {
  const marker = path.join(__dirname, 'node_modules', '@event-driven-io', 'emmett-sqlite', 'package.json');
  if (fs.existsSync(marker)) return;
  log('bench: installing the peer (npm --prefix bench install; builds sqlite3 from source)…');
  const r = spawnSync('npm', ['--prefix', __dirname, 'install', '--no-audit', '--no-fund'], {
    stdio: 'inherit',
  });
  if (r.status !== 0) log('bench: the peer could not be installed; its figures will be missing');
}

/**
 * The steps of `npm run build:server` (tsc, tsc-alias, copy-assets) into dist/, or (BENCH_DIST) into
 * a private directory. Each step runs even when the one before reports type errors: tsc still
 * emits, and a dist without its aliases rewritten would not start at all.
 */
function ensureBuilt() {
  if (process.env.BENCH_NO_BUILD === '1') return;
  const out = process.env.BENCH_DIST;
  const steps = [
    ['npx', ['tsc', '-p', 'tsconfig.build.json', ...(out ? ['--outDir', out] : [])]],
    ['npx', ['tsc-alias', '-p', 'tsconfig.build.json', ...(out ? ['--outDir', out] : [])]],
    ...(out ? [] : [['node', ['scripts/copy-assets.js']]]),
  ];
  log(`bench: building ${out || 'dist'} (the steps of npm run build:server) …`);
  for (const [cmd, args] of steps) {
    const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    if (r.status !== 0) {
      const lines = `${r.stdout || ''}${r.stderr || ''}`.split('\n').filter(Boolean);
      log(
        `bench: ${cmd} ${args.join(' ')} reported ${lines.length} line(s) of errors (going on with what it emitted); first: ${lines.slice(0, 3).join(' | ')}`,
      );
    }
  }
  if (out) copyAssets(path.resolve(ROOT, out));
}

/** scripts/copy-assets.js, into another output directory. */
function copyAssets(outDir) {
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (['.sql', '.json'].includes(path.extname(e.name)) || e.name.endsWith('.worker.js')) {
        const out = path.join(outDir, path.relative(ROOT, p));
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.copyFileSync(p, out);
      }
    }
  };
  for (const top of ['libs', 'apps']) {
    for (const pkg of fs.readdirSync(path.join(ROOT, top))) {
      const src = path.join(ROOT, top, pkg, 'src');
      if (fs.existsSync(src)) walk(src);
    }
  }
}

function sqliteVersions() {
  const out = {};
  try {
    const Database = require('better-sqlite3');
    const db = new Database(':memory:');
    out.betterSqlite3 = `${require('better-sqlite3/package.json').version} (SQLite ${db.prepare('select sqlite_version() v').get().v})`;
    db.close();
  } catch (err) {
    out.betterSqlite3 = `unavailable: ${err.message}`;
  }
  try {
    const sqlite3 = require(path.join(__dirname, 'node_modules', 'sqlite3'));
    out.peerSqlite3 = `${require(path.join(__dirname, 'node_modules', 'sqlite3', 'package.json')).version} (SQLite ${sqlite3.VERSION})`;
  } catch (err) {
    out.peerSqlite3 = `unavailable: ${err.message.split('\n')[0]}`;
  }
  return out;
}

function machine() {
  const cpus = os.cpus();
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  return {
    cpu: cpus[0] ? cpus[0].model.trim() : 'unknown',
    cores: cpus.length,
    ramGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    ...sqliteVersions(),
    commit: (git.stdout || '').trim() || 'unknown',
    build: process.env.BENCH_DIST
      ? `${process.env.BENCH_DIST} (private build of the working tree)`
      : 'dist/ (npm run build:server of the working tree)',
    loadAverage: os.loadavg(),
  };
}

/** Runs one measurement in a fresh child; resolves its result object (or { error }). */
function runChild(m, { nodeArgs = [], env = {} } = {}) {
  return new Promise((resolve) => {
    const args = [...nodeArgs, path.join(__dirname, 'cases', m.script), JSON.stringify(m.args)];
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      err += `\n(timed out after ${m.timeoutSeconds} s)`;
      child.kill('SIGKILL');
    }, m.timeoutSeconds * 1000);
    let reaper;
    child.stdout.on('data', (d) => {
      out += d;
      // Once the result is out, a child that lingers (e.g. the peer's hung sqlite3 threads) is ended.
      if (!reaper && out.includes(RESULT_PREFIX) && out.slice(out.indexOf(RESULT_PREFIX)).includes('\n')) {
        reaper = setTimeout(() => child.kill('SIGKILL'), 2000);
      }
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      clearTimeout(timer);
      clearTimeout(reaper);
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (line) return resolve(JSON.parse(line.slice(RESULT_PREFIX.length)));
      resolve({ error: `exit ${code}: ${err.trim().split('\n').slice(-6).join(' | ').slice(0, 600)}` });
    });
  });
}

function commandOf(m) {
  return `node bench/cases/${m.script} '${JSON.stringify(m.args)}'`;
}

/** Interleaves runs (round 1 of every measurement, then round 2, …) so that drift spreads evenly. */
async function measureAll(measurements, prepared) {
  const runs = new Map(measurements.map((m) => [m.id, []]));
  const errors = new Map();
  for (let round = 1; round <= RUNS; round++) {
    for (const m of measurements) {
      if (m.runs !== undefined && round > m.runs) continue;
      if (m.needs && !prepared[m.needs]) {
        errors.set(m.id, prepared[`${m.needs}Error`] || `needs ${m.needs}`);
        continue;
      }
      const t0 = Date.now();
      const r = await runChild(m);
      const took = ((Date.now() - t0) / 1000).toFixed(1);
      if (r.notAvailable) {
        errors.set(m.id, `not available: ${r.notAvailable}`);
        log(
          `  ${m.id} [${round}/${Math.min(RUNS, m.runs ?? RUNS)}] not available (${took} s): ${r.notAvailable}`,
        );
      } else if (r.error) {
        errors.set(m.id, r.error);
        log(`  ${m.id} [${round}/${Math.min(RUNS, m.runs ?? RUNS)}] error (${took} s): ${r.error}`);
      } else {
        runs.get(m.id).push(r);
        log(
          `  ${m.id} [${round}/${Math.min(RUNS, m.runs ?? RUNS)}] ${fmtNumber(r[m.metric])} ${m.unit} (${took} s)`,
        );
      }
      // A measurement that cannot run will not run in the next round either.
      if (r.notAvailable) m.skipNextRounds = true;
    }
    measurements = measurements.filter((m) => !m.skipNextRounds);
  }
  const results = {};
  for (const [id, rs] of runs) {
    if (rs.length === 0) {
      results[id] = { error: errors.get(id) || 'no run', runs: 0 };
      continue;
    }
    const med = medianOfRuns(rs);
    // Failures: the worst run counts (a single failed append is a failure).
    const failed = Math.max(...rs.map((r) => r.failed || 0));
    const failures = rs.reduce((acc, r) => ({ ...acc, ...(r.failures || {}) }), {});
    const loggedErrors = rs.reduce((acc, r) => {
      for (const [k, v] of Object.entries(r.loggedErrors || {})) acc[k] = (acc[k] || 0) + v;
      return acc;
    }, {});
    results[id] = {
      ...med,
      failed,
      failures,
      loggedErrors,
      runs: rs.length,
      all: rs.map((r) => r[MEASURE_METRIC.get(id)]),
      sources: rs[0].sources,
      first: rs[0],
    };
  }
  return results;
}

const MEASURE_METRIC = new Map();

async function profileFailing(targets, measurements, results) {
  const dir = path.join(DATA_DIR, `profiles-${Date.now()}`);
  fs.mkdirSync(dir, { recursive: true });
  const profiles = [];
  const done = new Set();
  for (const t of targets) {
    if (t.status !== 'does not hold') continue;
    for (const id of t.profile || []) {
      if (done.has(id)) continue;
      done.add(id);
      const m = measurements.find((x) => x.id === id);
      if (!m || results[id].error) continue;
      const sub = path.join(dir, id);
      fs.mkdirSync(sub, { recursive: true });
      const cpuArgs = ['--cpu-prof', `--cpu-prof-dir=${sub}`];
      log(
        `bench: profiling ${id} (${m.profileProcess === 'server' ? 'the server' : 'the measuring process'}) …`,
      );
      const pm = m.profileArgs ? { ...m, args: { ...m.args, ...m.profileArgs } } : m;
      const r =
        m.profileProcess === 'server'
          ? await runChild(pm, { env: { BENCH_SERVER_NODE_OPTIONS: cpuArgs.join(' ') } })
          : await runChild(pm, { nodeArgs: cpuArgs });
      const files = fs.existsSync(sub)
        ? fs
            .readdirSync(sub)
            .filter((f) => f.endsWith('.cpuprofile'))
            .map((f) => path.join(sub, f))
        : [];
      if (files.length === 0) {
        profiles.push({ id, for: t.id, error: r.error || r.notAvailable || 'no profile written' });
        continue;
      }
      // Every thread that profiled (main thread and workers, e.g. the store's writer), measured window only.
      const threads = files
        .map((file) => ({
          file: path.relative(ROOT, file),
          thread: threadOf(file),
          ...topFramesOfFile(file, 12, ROOT, r.window),
        }))
        .filter((x) => x.samples > 0)
        .sort((a, b) => a.thread - b.thread);
      profiles.push({
        id,
        for: t.id,
        window: !!r.window,
        threads,
        command: `node --cpu-prof ${m.profileProcess === 'server' ? '(on the server: BENCH_SERVER_NODE_OPTIONS) ' : ''}${commandOf(pm).slice(5)}`,
      });
    }
  }
  return profiles;
}

async function main() {
  const started = new Date();
  const t0 = Date.now();
  ensurePeerInstalled();
  ensureBuilt();
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const info = machine();
  const all = defineMeasurements({ quick: QUICK });
  for (const m of all) MEASURE_METRIC.set(m.id, m.metric);
  const measurements = ONLY.length ? all.filter((m) => ONLY.some((p) => m.id.startsWith(p))) : all;

  // Preparation shared by several runs (e.g. the seeded replay database), done once.
  const prepared = {};
  for (const prep of new Set(measurements.map((m) => m.needs).filter(Boolean))) {
    const p = all.find((m) => m.prepare && m.prepare.name === prep)?.prepare;
    if (!p) continue;
    log(`bench: preparing ${prep} …`);
    const r = await runChild({ script: p.script, args: p.args, timeoutSeconds: p.timeoutSeconds });
    if (r.error || r.notAvailable)
      prepared[`${prep}Error`] = r.notAvailable ? `not available: ${r.notAvailable}` : r.error;
    else prepared[prep] = r;
    log(`bench: ${prep}: ${r.error || r.notAvailable || JSON.stringify(r.summary || {})}`);
  }
  for (const m of measurements)
    if (m.needs && prepared[m.needs]) m.args = { ...m.args, prepared: prepared[m.needs].summary };

  log(`bench: ${measurements.length} measurements × ${RUNS} run(s)${QUICK ? ' (quick)' : ''}`);
  const results = await measureAll(measurements, prepared);
  const targets = defineTargets(results, { quick: QUICK, checkTarget, ratio });
  const profiles = PROFILE ? await profileFailing(targets, measurements, results) : [];

  const elapsedSeconds = (Date.now() - t0) / 1000;
  info.loadAverageEnd = os.loadavg();
  const table = textTable(
    ['measurement', 'figure', 'compared with', 'ratio', 'target', 'holds?'],
    targets.map((t) => [t.label, t.figure, t.against, t.ratioText, t.target, t.status]),
  );
  process.stdout.write(`\n${table}\n\n`);
  for (const p of profiles) {
    if (p.error) process.stdout.write(`profile ${p.id} (${p.for}): ${p.error}\n`);
    for (const th of p.threads || []) {
      process.stdout.write(
        `profile ${p.id} (${p.for}) thread ${th.thread}, busy ${th.busyPct.toFixed(0)}%: ${th.frames
          .slice(0, 6)
          .map((f) => `${f.name} ${f.selfPct.toFixed(1)}%`)
          .join(', ')}\n`,
      );
    }
  }
  if (OUT !== '-') {
    const md = renderReport({
      started,
      elapsedSeconds,
      info,
      measurements,
      results,
      targets,
      profiles,
      quick: QUICK,
      runs: RUNS,
      commandOf,
    });
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    fs.writeFileSync(OUT, md);
    log(`bench: wrote ${path.relative(ROOT, OUT)} (${elapsedSeconds.toFixed(0)} s)`);
  }
}

main().catch((err) => {
  log(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
