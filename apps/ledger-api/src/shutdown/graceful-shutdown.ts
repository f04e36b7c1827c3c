import type { INestApplication } from '@nestjs/common';
import { ConfigError } from '@ledger/platform';
import { endLiveStreams } from './live-streams';
import type { ShutdownGate } from './shutdown-gate';

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 15_000;
/** In-flight requests get at most this long (and at most two thirds of the hard deadline). */
export const MAX_DRAIN_MS = 10_000;
const IDLE_SWEEP_MS = 100;

export interface ShutdownOptions {
  /** Hard deadline: after it the process exits anyway (code 1) with a log line. */
  readonly timeoutMs: number;
  /** How long requests already accepted may take to finish. */
  readonly drainMs: number;
  readonly log: (line: string, level: 'log' | 'warn' | 'error') => void;
  readonly exit: (code: number) => void;
}

/** `LEDGER_SHUTDOWN_TIMEOUT_MS` (default 15 000), a positive integer of milliseconds. */
export function shutdownTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.LEDGER_SHUTDOWN_TIMEOUT_MS;
  if (raw === undefined || raw === '') return DEFAULT_SHUTDOWN_TIMEOUT_MS;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1)
    throw new ConfigError(
      'LEDGER_SHUTDOWN_TIMEOUT_MS',
      `LEDGER_SHUTDOWN_TIMEOUT_MS 须为正整数毫秒 · LEDGER_SHUTDOWN_TIMEOUT_MS must be a positive number of milliseconds (got "${raw}")`,
    );
  return Number(raw);
}

export function drainMsFor(timeoutMs: number): number {
  return Math.min(MAX_DRAIN_MS, Math.floor((timeoutMs * 2) / 3));
}

/**
 * The shutdown sequence (ADR 0085), in order:
 * 1. the gate answers new requests with a 503 problem + Retry-After; the port stops accepting;
 * 2. live SSE streams are ended (clients reconnect elsewhere with Last-Event-ID);
 * 3. requests already accepted finish (bounded by `drainMs`; idle keep-alive sockets are closed
 *    as soon as they become idle, instead of waiting for Fastify's 72 s keep-alive timeout);
 *    leftovers are cut when the bound passes;
 * 4. `app.close()`: Nest's hooks stop the audit projection and the projection runner and close
 *    the store, which commits every append it already accepted.
 * A hard deadline (`timeoutMs`) exits with code 1 whatever is still pending.
 * Resolves with the exit code it passed to `exit`.
 */
export async function shutDown(
  app: INestApplication,
  gate: ShutdownGate,
  reason: string,
  options: ShutdownOptions,
): Promise<number> {
  const started = Date.now();
  const hard = setTimeout(() => {
    options.log(
      `关闭超时，强制退出 · shutdown did not finish within ${options.timeoutMs} ms (${gate.pending} requests pending): exiting anyway`,
      'error',
    );
    options.exit(1);
  }, options.timeoutMs);
  hard.unref();

  options.log(`收到 ${reason}，正在关闭 · ${reason}: shutting down (${gate.pending} requests in flight)`, 'log');
  gate.close();
  const server = gate.server;
  if (server.listening) server.close();
  const streams = endLiveStreams(server);

  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  sweep.unref();
  server.closeIdleConnections();
  const drained = await gate.drained(options.drainMs);
  clearInterval(sweep);
  if (!drained) {
    options.log(
      `仍有 ${gate.pending} 个请求未完成，断开连接 · ${gate.pending} requests still pending after ${options.drainMs} ms: closing their connections`,
      'warn',
    );
  }
  server.closeAllConnections();

  try {
    await app.close();
  } catch (err) {
    clearTimeout(hard);
    options.log(`关闭出错 · shutdown failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`, 'error');
    options.exit(1);
    return 1;
  }
  clearTimeout(hard);
  options.log(
    `已关闭 · shut down in ${Date.now() - started} ms (${streams} live streams ended, requests ${drained ? 'drained' : 'cut'})`,
    'log',
  );
  options.exit(0);
  return 0;
}

/**
 * Runs `shutDown` on the first SIGTERM or SIGINT; a second signal while closing only logs (the
 * hard deadline still applies). Returns a function that removes the handlers.
 */
export function installGracefulShutdown(
  app: INestApplication,
  gate: ShutdownGate,
  options: ShutdownOptions,
  signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'],
): () => void {
  let running: Promise<number> | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (running) {
      options.log(`正在关闭，忽略 ${signal} · already shutting down, ${signal} ignored`, 'warn');
      return;
    }
    running = shutDown(app, gate, signal, options);
  };
  for (const s of signals) process.on(s, onSignal);
  return () => {
    for (const s of signals) process.off(s, onSignal);
  };
}
