import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { InvalidArgumentError, type Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { AuditLog, publicKeyFromPem, readPublicKeyFromDataDir, verifyLog, type LogVerification } from '@ledger/audit';
import type { EventStore } from '@ledger/event-store';
import { loadConfig, openEventStore, type LedgerConfig } from '@ledger/platform';

/** What the auditors' commands open: the store (only read) and the audit log (read-only). */
export interface AuditContext {
  readonly config: LedgerConfig;
  readonly store: EventStore;
  readonly log: AuditLog;
  close(): Promise<void>;
}

export async function openAuditContext(options: { dataDir?: string; env?: Readonly<Record<string, string | undefined>> } = {}): Promise<AuditContext> {
  const env = { ...(options.env ?? process.env), ...(options.dataDir ? { LEDGER_DATA_DIR: options.dataDir } : {}) };
  const config = loadConfig(env);
  const log = AuditLog.open(config.dataDir, { readonly: true });
  let store: EventStore;
  try {
    store = await openEventStore(config);
  } catch (err) {
    log.close();
    throw err;
  }
  return {
    config,
    store,
    log,
    close: async () => {
      log.close();
      await store.close();
    },
  };
}

/**
 * The key checkpoints must verify with: `--public-key FILE` (PEM) when given, else the signing
 * key in the data dir, else the newest key the audit log recorded (weakest: it sits beside the
 * checkpoints it vouches for, so the output says so).
 */
export function resolvePublicKey(ctx: AuditContext, publicKeyFile?: string): { key: KeyObject; source: string } {
  if (publicKeyFile) return { key: publicKeyFromPem(fs.readFileSync(publicKeyFile, 'utf8')), source: publicKeyFile };
  const fromDir = readPublicKeyFromDataDir(ctx.config.dataDir);
  if (fromDir) return { key: fromDir, source: 'audit-ed25519.pem' };
  const latest = ctx.log.latestCheckpoint();
  const pem = latest && ctx.log.signingKeyPem(latest.keyId);
  if (pem) return { key: publicKeyFromPem(pem), source: 'audit.db (unpinned: pass --public-key to pin it)' };
  throw new Error('找不到公钥 · no public key: pass --public-key FILE (GET /api/v1/audit/public-key)');
}

export interface VerifyOutcome {
  readonly exitCode: 0 | 1;
  readonly result: LogVerification;
  /** The lines printed for people (zh first, English beside). */
  readonly lines: string[];
}

/** Threads that hash leaves by default: one per core, at most 8 (ADR 0184). */
export function defaultVerifyThreads(cores = os.availableParallelism()): number {
  return Math.max(1, Math.min(cores, 8));
}

/** `--threads`: 0 (hash on the main thread) to 64; a bad value names the option. */
export function parseThreads(text: string): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!(n >= 0 && n <= 64)) throw new InvalidArgumentError(`expected 0…64 threads, got "${text}"`);
  return n;
}

export async function runVerify(
  options: { dataDir?: string; publicKeyFile?: string; progress?: boolean; env?: Record<string, string | undefined>; threads?: number } = {},
): Promise<VerifyOutcome> {
  const ctx = await openAuditContext(options);
  try {
    const { key, source } = resolvePublicKey(ctx, options.publicKeyFile);
    const threadCount = options.threads ?? defaultVerifyThreads();
    const head = await ctx.store.headPosition();
    // SQLite positions count events; elsewhere the audit log's size is the best estimate.
    const total = ctx.config.eventStore === 'sqlite' ? Number(head) : Math.max(ctx.log.size, 1);
    const bar = options.progress ? new SingleBar({ stream: process.stderr, format: '校验 verifying [{bar}] {percentage}% | {value}/{total} events | ETA {eta}s', hideCursor: true }) : undefined;
    bar?.start(total, 0);
    const result = await verifyLog({
      store: ctx.store,
      log: ctx.log,
      publicKey: key,
      // The embedded store's leaves are hashed on threads (ADR 0184); other stores are read through the port.
      threads: ctx.config.eventStore === 'sqlite' && threadCount > 0 ? { eventsFile: path.join(ctx.config.dataDir, 'events.db'), count: threadCount } : undefined,
      onProgress: (n) => {
        if (bar && n > bar.getTotal()) bar.setTotal(n);
        bar?.update(n);
      },
    });
    bar?.stop();
    const lines = [`公钥 · public key: ${source}`];
    if (result.ok) {
      lines.push(
        `验证通过 · verified: ${result.eventsRead} events, ${result.leavesChecked} audit leaves, ${result.checkpointsChecked} signed checkpoints` +
          (result.notYetInAuditLog > 0 ? ` (${result.notYetInAuditLog} newest events not yet in the audit log)` : ''),
      );
      if (result.checkpointsChecked === 0) lines.push('警告 · warning: no signed checkpoint yet, so nothing outside this machine vouches for the log');
    } else {
      if (result.firstDifference) {
        const d = result.firstDifference;
        lines.push(`检测到篡改 · TAMPERING DETECTED at position ${d.position} (leaf index ${d.leafIndex}): ${d.reason}`);
      }
      for (const p of result.problems) lines.push(`  - ${p}`);
    }
    return { exitCode: result.ok ? 0 : 1, result, lines };
  } finally {
    await ctx.close();
  }
}

/** `ledger-cli verify`: recompute the whole tree from the store and check every signed checkpoint. */
export function register(program: Command): void {
  program
    .command('verify')
    .description('校验审计日志 · recompute the Merkle tree from the store and check every signed checkpoint; exits 1 naming the first position that differs')
    .option('--data-dir <dir>', '数据目录 · data dir (default LEDGER_DATA_DIR or ./data)')
    .option('--public-key <file>', '公钥 PEM · pin the ledger public key (PEM) the checkpoints must verify with')
    .option('--threads <n>', `哈希线程数 · threads hashing the embedded store's events (0: the main thread; default one per core, at most 8: ${defaultVerifyThreads()} here)`, parseThreads)
    .action(async (opts: { dataDir?: string; publicKey?: string; threads?: number }) => {
      const outcome = await runVerify({ dataDir: opts.dataDir, publicKeyFile: opts.publicKey, progress: true, threads: opts.threads });
      for (const line of outcome.lines) process.stdout.write(`${line}\n`);
      process.exitCode = outcome.exitCode;
    });
}
