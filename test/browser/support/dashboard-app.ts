/**
 * The browser suite's fixture: the built ledger-api (`node dist/apps/ledger-api/src/main.js`,
 * which serves `dist/dashboard`) on a temp data dir with demo data and a fixed day, and Debian's
 * Chromium driven by playwright-core. `npm run build` must have run first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { Role } from '@ledger/domain';
import { mintToken } from '@ledger/platform';

export const ROOT = path.resolve(__dirname, '../../..');
export const SERVER_ENTRY = path.join(ROOT, 'dist/apps/ledger-api/src/main.js');
export const DASHBOARD_INDEX = path.join(ROOT, 'dist/dashboard/index.html');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const TODAY = '2026-11-27';
const SECRET = 'browser-suite-secret-0123456789abcdef0123';

/** Why the suite cannot run here, or undefined when it can. */
export function missingPrerequisite(): string | undefined {
  if (!fs.existsSync(CHROMIUM))
    return `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface DashboardApp {
  readonly baseUrl: string;
  readonly browser: Browser;
  token(role: Role): Promise<string>;
  /** GET/POST the API as a role (admin by default); answers the parsed JSON. */
  api<T = unknown>(pathAndQuery: string, init?: { method?: string; body?: unknown; role?: Role }): Promise<T>;
  close(): Promise<void>;
}

async function waitForHealth(baseUrl: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`ledger-api exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${baseUrl}/health`);
      if (res.ok) {
        const body = (await res.json()) as {
          info?: { projections?: { caughtUp?: boolean; seeding?: boolean } };
        };
        const p = body.info?.projections;
        if (!p || (p.caughtUp !== false && p.seeding !== true)) return;
      }
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`ledger-api did not become healthy:\n${log()}`);
}

export async function startDashboardApp(): Promise<DashboardApp> {
  for (const f of [SERVER_ENTRY, DASHBOARD_INDEX]) {
    if (!fs.existsSync(f))
      throw new Error(
        `${path.relative(ROOT, f)} is missing: run \`npm run build\` before \`npm run test:browser\``,
      );
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-browser-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      LEDGER_HOST: '127.0.0.1',
      LEDGER_DATA_DIR: dataDir,
      EVENT_STORE: 'sqlite',
      LEDGER_SEED_DEMO: 'true',
      LEDGER_TODAY: TODAY,
      LEDGER_JWT_SECRET: SECRET,
      LEDGER_PRINT_TOKENS: 'false',
      LEDGER_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close().catch(() => undefined);
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    child.stdout?.destroy();
    child.stderr?.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(baseUrl, child, () => output);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  } catch (err) {
    await stop();
    throw err;
  }
  const token = (role: Role) =>
    mintToken({ role, jurisdiction: role === 'recorder' ? 'city' : undefined, ttl: '1h' }, SECRET);
  const openBrowser = browser;
  return {
    baseUrl,
    browser: openBrowser,
    token,
    async api<T>(
      pathAndQuery: string,
      init: { method?: string; body?: unknown; role?: Role } = {},
    ): Promise<T> {
      const res = await fetch(`${baseUrl}/api/v1${pathAndQuery}`, {
        method: init.method ?? 'GET',
        headers: {
          Authorization: `Bearer ${await token(init.role ?? 'admin')}`,
          ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${pathAndQuery} → ${res.status} ${text}`);
      return JSON.parse(text) as T;
    },
    close: stop,
  };
}

export const SCREENSHOTS = path.join(ROOT, 'docs/screenshots');
