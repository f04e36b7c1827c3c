'use strict';
/** Helpers for a measurement child process: parse its argument, report one JSON result line. */
const fs = require('node:fs');
const path = require('node:path');

const RESULT_PREFIX = 'BENCH_RESULT ';
const DATA_DIR = path.join(__dirname, '..', '.data');

function args() {
  return process.argv[2] ? JSON.parse(process.argv[2]) : {};
}

function report(result) {
  const mem = process.memoryUsage();
  // maxRSS is in KiB: the process's peak resident set.
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    `${RESULT_PREFIX}${JSON.stringify({ ...result, peakRssBytes, heapUsedBytes: mem.heapUsed })}\n`,
  );
}

/** A fresh, empty directory under bench/.data for this run. */
function freshDir(name) {
  const dir = path.join(DATA_DIR, `${name}-${process.pid}-${Date.now()}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function removeDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Runs `main` and exits: 0 after a report, 1 with the error on stderr. */
function run(main) {
  main(args()).then(
    () => process.exit(0),
    (err) => {
      if (err && err.code === 'NOT_AVAILABLE') {
        // Not a failure of the measurement: what it measures has not been built yet.
        process.stdout.write(`${RESULT_PREFIX}${JSON.stringify({ notAvailable: err.message })}\n`);
        process.exit(0);
      }
      process.stderr.write(`${err && err.stack ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}

/**
 * Runs `op()` back to back from `concurrency` workers for `seconds` (after `warmupSeconds`),
 * counting completions and failures. `op(worker, i)` returns a promise of the number of events done.
 * An operation that has not settled `graceSeconds` after the end counts as `stuck` (a failure: the
 * caller never got an answer).
 */
async function closedLoop({ concurrency, seconds, warmupSeconds = 0, graceSeconds = 3, op }) {
  let measuring = false;
  let stop = false;
  let events = 0;
  let ops = 0;
  let inFlight = 0;
  let rejected = 0;
  const failures = {};
  const worker = async (w) => {
    let i = 0;
    while (!stop) {
      inFlight += 1;
      try {
        const n = await op(w, i++);
        if (measuring) {
          events += n;
          ops += 1;
        }
      } catch (err) {
        rejected += 1;
        const code = (err && (err.code || err.name)) || 'Error';
        failures[code] = (failures[code] || 0) + 1;
      } finally {
        inFlight -= 1;
      }
    }
  };
  const workers = Array.from({ length: concurrency }, (_, w) => worker(w));
  if (warmupSeconds > 0) await sleep(warmupSeconds * 1000);
  measuring = true;
  const t0 = process.hrtime.bigint();
  const startUs = nowUs();
  await sleep(seconds * 1000);
  measuring = false;
  const endUs = nowUs();
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  stop = true;
  let timer;
  await Promise.race([
    Promise.all(workers),
    new Promise((r) => (timer = setTimeout(r, graceSeconds * 1000))),
  ]);
  clearTimeout(timer);
  const stuck = inFlight;
  if (stuck > 0) failures.NEVER_ANSWERED = stuck;
  return {
    eventsPerSec: events / elapsed,
    opsPerSec: ops / elapsed,
    failed: rejected + stuck,
    rejected,
    stuck,
    failures,
    seconds: elapsed,
    window: { startUs, endUs },
  };
}

/** Now on the monotonic clock, in microseconds (the clock of V8 CPU profiles, system-wide). */
function nowUs() {
  return Number(process.hrtime.bigint() / 1000n);
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Counts errors that a library logs (console.log / console.error) instead of rejecting, by their
 * code; other log lines go to stderr so that stdout carries only the result line.
 */
function countLoggedErrors() {
  const counts = {};
  const hook = (...xs) => {
    const e = xs.find((x) => x && typeof x === 'object' && 'code' in x);
    if (e) counts[String(e.code)] = (counts[String(e.code)] || 0) + 1;
    else process.stderr.write(`${xs.map(String).join(' ')}\n`);
  };
  console.log = hook;
  console.error = hook;
  return counts;
}

module.exports = {
  args,
  report,
  run,
  freshDir,
  removeDir,
  closedLoop,
  sleep,
  nowUs,
  countLoggedErrors,
  RESULT_PREFIX,
  DATA_DIR,
};
