#!/usr/bin/env node
/**
 * Times the verifiable log at scale (issue 6's closing note): seeds a temp SQLite store with N raw
 * events (default 1,000,000), builds the audit log (the projection's catch-up, through the port and
 * then on threads as ledger-api does far behind), signs a checkpoint, then times `verify` (recompute the whole tree from the store and check the
 * checkpoint; on the main thread, then with the leaves hashed on threads) and producing inclusion
 * proofs from audit.db.
 *
 *   node scripts/measure-audit.js [N]        (AUDIT_DIST=<dir> reuses a build)
 *
 * The code under test is compiled into a private directory (never the shared dist/).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const N = Number(process.argv[2] ?? process.env.AUDIT_EVENTS ?? 1_000_000);
if (!Number.isSafeInteger(N) || N < 1) throw new Error(`event count must be a positive integer, got ${process.argv[2]}`);

function build() {
  // Inside node_modules/.cache so the compiled code resolves the workspace's packages.
  const out = process.env.AUDIT_DIST ?? path.join(root, 'node_modules', '.cache', 'ledger-measure-audit-dist');
  if (process.env.AUDIT_DIST && fs.existsSync(path.join(out, 'libs', 'audit', 'src', 'index.js'))) return out;
  const bin = (name) => path.join(root, 'node_modules', '.bin', name);
  try {
    execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', out], { cwd: root, stdio: 'pipe' });
  } catch (err) {
    // Type errors elsewhere in the workspace still emit JavaScript; only a missing output is fatal.
    if (!fs.existsSync(path.join(out, 'libs', 'audit', 'src', 'index.js'))) throw new Error(`build failed:\n${err.stdout}`);
  }
  execFileSync(bin('tsc-alias'), ['-p', 'tsconfig.build.json', '--outDir', out], { cwd: root, stdio: 'pipe' });
  for (const lib of ['event-store', 'audit']) {
    const walk = (dir) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(sql|json)$/.test(e.name) || e.name.endsWith('.worker.js')) {
          const dest = path.join(out, path.relative(root, p));
          fs.mkdirSync(path.dirname(dest), { recursive: true });
          fs.copyFileSync(p, dest);
        }
      }
    };
    walk(path.join(root, 'libs', lib, 'src'));
  }
  return out;
}

const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;
const mb = (bytes) => Math.round(bytes / 1024 / 1024);

async function main() {
  const dist = build();
  const { createEventStore } = require(path.join(dist, 'libs', 'event-store', 'src'));
  const audit = require(path.join(dist, 'libs', 'audit', 'src'));
  const Database = require('better-sqlite3');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-measure-audit-'));
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const results = { events: N, machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${mb(os.totalmem())} MiB, Node ${process.version}` };
  try {
    // 1. Seed: the store's own migrations, then raw rows (the store's append path is not what is measured).
    await (await createEventStore({ kind: 'sqlite', dataDir, synchronous: 'OFF' })).close();
    let t0 = process.hrtime.bigint();
    const db = new Database(path.join(dataDir, 'events.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    const insert = db.prepare('INSERT INTO events (position, event_id, stream_id, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const STREAMS = 5000;
    db.transaction(() => {
      for (let i = 0; i < N; i++) {
        const stream = i % STREAMS;
        const data = { field: 'FUNDING_MECHANISM', description: `变更 ${i} · change ${i}`, attributedToGroupId: `G${stream % 97}` };
        const metadata = {
          schemaVersion: 1,
          occurredOn: '2024-05-01',
          recordedAt: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
          actor: { id: 'recorder-1', role: 'recorder', jurisdiction: 'city' },
          correlationId: `c-${i}`,
        };
        insert.run(i + 1, `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, `school-43010${String(stream).padStart(5, '0')}`, Math.floor(i / STREAMS), 'SchoolGovernanceChanged', JSON.stringify(data), JSON.stringify(metadata));
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    results.seedSeconds = seconds(t0);
    results.eventsDbMiB = mb(fs.statSync(path.join(dataDir, 'events.db')).size);

    // 2. Build the audit log from scratch (the projection's catch-up): through the port on the main
    // thread, then again from an empty audit.db as ledger-api does far behind, the leaves hashed on
    // one thread per core besides the main one (ADR 0185); sign.
    const store = await createEventStore({ kind: 'sqlite', dataDir });
    const signer = audit.loadOrCreateSigningKey({ dataDir });
    const build = async (threads) => {
      const log = audit.AuditLog.open(dataDir);
      const projection = new audit.AuditProjection(store, log, signer, { checkpointIntervalMs: 0, now: () => new Date().toISOString(), threads });
      const t = process.hrtime.bigint();
      await projection.catchUp();
      return { log, projection, seconds: seconds(t) };
    };
    const byPort = await build(undefined);
    results.buildAuditLogSeconds = byPort.seconds;
    byPort.log.close();
    for (const f of ['audit.db', 'audit.db-wal', 'audit.db-shm']) fs.rmSync(path.join(dataDir, f), { force: true });
    results.buildThreads = Math.max(1, Math.min(os.availableParallelism() - 1, 4));
    const { log, projection, seconds: threadedSeconds } = await build({ eventsFile: path.join(dataDir, 'events.db'), count: results.buildThreads });
    results.buildAuditLogThreadedSeconds = threadedSeconds;
    const checkpoint = await projection.checkpointNow();
    results.auditDbMiB = mb(fs.statSync(path.join(dataDir, 'audit.db')).size);
    log.close();

    // 3. Verify: the whole tree recomputed from the store, leaf by leaf against audit.db, and the
    // signed checkpoint; through the port on the main thread, then as `ledger-cli verify` does by
    // default, the leaves hashed on one thread per core (at most 8; ADR 0184).
    const readonlyLog = audit.AuditLog.open(dataDir, { readonly: true });
    const verifyWith = async (threads) => {
      const t = process.hrtime.bigint();
      const verdict = await audit.verifyLog({ store, log: readonlyLog, publicKey: signer.publicKey, threads });
      if (!verdict.ok) throw new Error(`verify failed: ${verdict.problems.join('; ')}`);
      return seconds(t);
    };
    results.verifySeconds = await verifyWith(undefined);
    results.verifyThreads = Math.max(1, Math.min(os.availableParallelism(), 8));
    results.verifyThreadedSeconds = await verifyWith({ eventsFile: path.join(dataDir, 'events.db'), count: results.verifyThreads });
    results.verifyOk = true;

    // 4. Inclusion proofs from audit.db against the signed root: one cold, then the median of 1000.
    const rootHash = Buffer.from(checkpoint.rootHash, 'hex');
    const proveOne = (index) => {
      const proof = readonlyLog.inclusionProof(index, checkpoint.treeSize);
      if (!audit.isValidInclusion(index, checkpoint.treeSize, readonlyLog.leaf(index).hash, proof, rootHash)) throw new Error(`proof ${index} failed`);
      return proof.length;
    };
    t0 = process.hrtime.bigint();
    results.proofHashes = proveOne(Math.floor(N / 3));
    results.firstProofMs = seconds(t0) * 1000;
    const times = [];
    for (let k = 0; k < 1000; k++) {
      const t = process.hrtime.bigint();
      proveOne((k * 7919) % N);
      times.push(seconds(t) * 1000);
    }
    times.sort((a, b) => a - b);
    results.proofMedianMs = times[500];
    results.proofP99Ms = times[990];
    results.peakRssMiB = mb(peakRss);
    readonlyLog.close();
    await store.close();
  } finally {
    clearInterval(sampler);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const r = results;
  process.stdout.write(
    [
      `machine: ${r.machine}`,
      `seed ${r.events} raw events: ${r.seedSeconds.toFixed(1)} s (events.db ${r.eventsDbMiB} MiB)`,
      `build the audit log (projection catch-up) through the port: ${r.buildAuditLogSeconds.toFixed(1)} s (audit.db ${r.auditDbMiB} MiB)`,
      `the same, leaves hashed on ${r.buildThreads} thread(s) as ledger-api does far behind: ${r.buildAuditLogThreadedSeconds.toFixed(1)} s`,
      `verify the whole log against the signed checkpoint, through the port on one thread: ${r.verifySeconds.toFixed(1)} s (${Math.round(r.events / r.verifySeconds)} events/s)`,
      `the same, leaves hashed on ${r.verifyThreads} threads (ledger-cli verify's default here): ${r.verifyThreadedSeconds.toFixed(1)} s (${Math.round(r.events / r.verifyThreadedSeconds)} events/s)`,
      `one inclusion proof (${r.proofHashes} hashes) from audit.db: first ${r.firstProofMs.toFixed(2)} ms, median ${r.proofMedianMs.toFixed(3)} ms, p99 ${r.proofP99Ms.toFixed(3)} ms (generated and verified)`,
      `peak RSS: ${r.peakRssMiB} MiB`,
      JSON.stringify(r),
    ].join('\n') + '\n',
  );
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
