import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { ROOT } from './figures';

export const MAIN_JS = path.join(ROOT, 'dist/apps/ledger-api/src/main.js');
export const CLI_JS = path.join(ROOT, 'dist/apps/ledger-cli/src/main.js');
/** The suites that spawn the built app need `npm run build:server` first. */
export const BUILT = fs.existsSync(MAIN_JS) && fs.existsSync(CLI_JS);
/** A fixed HS256 secret so the test can mint tokens the child accepts. */
export const TEST_JWT_SECRET = 'reliability-suite-secret-0123456789abcdef';
/** A fixed "today" keeps findings comparable between the app and a replay. */
export const TODAY = '2026-01-15';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface ChildApp {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly port: number;
  readonly base: string;
  /** Everything the child wrote to stdout and stderr so far. */
  output(): string;
  /** SIGKILL, and wait until the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful), and wait. */
  stop(): Promise<void>;
  /** Resident set size of the child in bytes (Linux /proc). */
  rss(): number;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Spawns `node dist/apps/ledger-api/src/main.js` on loopback and waits until /health answers 200. */
export async function startChildApp(
  dataDir: string,
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<ChildApp> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN_JS], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      LEDGER_HOST: '127.0.0.1',
      LEDGER_DATA_DIR: dataDir,
      LEDGER_SEED_DEMO: 'false',
      LEDGER_PRINT_TOKENS: 'false',
      LEDGER_JWT_SECRET: TEST_JWT_SECRET,
      LEDGER_TODAY: TODAY,
      LEDGER_LOG_LEVEL: 'warn',
      EVENT_STORE: 'sqlite',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString('utf8')));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString('utf8')));
  const base = `http://127.0.0.1:${port}`;
  const app: ChildApp = {
    child,
    pid: child.pid!,
    port,
    base,
    output: () => out,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited(child);
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited(child);
    },
    rss: () => {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status);
      return kb ? Number(kb[1]) * 1024 : 0;
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`ledger-api exited with ${child.exitCode} before it was ready:\n${out.slice(-4000)}`);
    try {
      const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return app;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await app.kill();
      throw new Error(`ledger-api not ready within ${timeoutMs} ms:\n${out.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs the built ledger-cli to completion. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_JS, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', EVENT_STORE: 'sqlite', LEDGER_TODAY: TODAY, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.on('exit', (code, signal) => resolve({ code, signal, out }));
  });
}
