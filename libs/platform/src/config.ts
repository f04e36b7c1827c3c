import * as path from 'node:path';

/**
 * Typed configuration of the ledger's processes (DESIGN.md, "Configuration"). Read once from the
 * environment at boot; an unknown or malformed value stops the process with a message naming it.
 */
export interface LedgerConfig {
  readonly port: number;
  readonly host: string;
  /** Absolute path of the data directory (SQLite file, generated JWT secret, checkpoints…). */
  readonly dataDir: string;
  readonly eventStore: 'sqlite' | 'eventstoredb';
  readonly eventStoreDbUrl?: string;
  /** SQLite `PRAGMA synchronous` (default FULL: an acknowledged event survives a power cut). */
  readonly sqliteSynchronous?: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';
  /**
   * SQLite: whether a lone append (nothing else queued or in flight) commits on the main thread
   * through a second write connection instead of the writer thread (ADR 0104; default true).
   */
  readonly sqliteInlineLoneAppends?: boolean;
  /** HS256 secret; when absent one is generated into `<dataDir>/jwt-secret`. */
  readonly jwtSecret?: string;
  /** A JWKS URL (city SSO): tokens signed by its keys are accepted too. */
  readonly jwksUrl?: string;
  readonly seedDemo: boolean;
  /** An ISO day replacing the clock's date (demos, tests). */
  readonly today?: string;
  /** Requests per minute per client (throttler). */
  readonly rateLimit: number;
  /** CORS is off unless an origin is configured. */
  readonly corsOrigin?: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest accepted request body, bytes. */
  readonly bodyLimit: number;
  /** Whether to print one ready-made token per role at start. */
  readonly printTokens: boolean;
}

/** Thrown for a missing, unknown or malformed setting; the message names the setting. */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`配置错误 · invalid configuration: ${setting}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function str(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function int(env: Env, name: string, dflt: number, min: number, max: number): number {
  const v = str(env, name);
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v)) throw new ConfigError(name, `expected an integer, got "${v}"`);
  const n = Number(v);
  if (n < min || n > max) throw new ConfigError(name, `expected ${min}…${max}, got ${n}`);
  return n;
}

function bool(env: Env, name: string, dflt: boolean): boolean {
  const v = str(env, name);
  if (v === undefined) return dflt;
  if (/^(true|1|yes)$/i.test(v)) return true;
  if (/^(false|0|no)$/i.test(v)) return false;
  throw new ConfigError(name, `expected true or false, got "${v}"`);
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const v = str(env, name);
  if (v === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw new ConfigError(name, `expected a URL, got "${v}"`);
  }
  if (!protocols.includes(parsed.protocol))
    throw new ConfigError(name, `expected a ${protocols.join('/')} URL, got "${v}"`);
  return v;
}

/** True when `s` is `YYYY-MM-DD` and that day exists (no Feb 30). */
export function isIsoDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Reads and checks the configuration. Throws `ConfigError` naming the first bad setting. */
export function loadConfig(env: Env = process.env): LedgerConfig {
  const eventStore = str(env, 'EVENT_STORE') ?? 'sqlite';
  if (eventStore !== 'sqlite' && eventStore !== 'eventstoredb') {
    throw new ConfigError('EVENT_STORE', `expected sqlite or eventstoredb, got "${eventStore}"`);
  }
  const eventStoreDbUrl = str(env, 'EVENTSTOREDB_URL');
  if (
    eventStoreDbUrl !== undefined &&
    !/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb|kdb\+discover):\/\//.test(eventStoreDbUrl)
  ) {
    throw new ConfigError(
      'EVENTSTOREDB_URL',
      `expected an esdb:// or kurrentdb:// connection string, got "${eventStoreDbUrl}"`,
    );
  }
  if (eventStore === 'eventstoredb' && eventStoreDbUrl === undefined) {
    throw new ConfigError('EVENTSTOREDB_URL', 'required when EVENT_STORE=eventstoredb');
  }
  const sqliteSynchronous = str(env, 'LEDGER_SQLITE_SYNCHRONOUS')?.toUpperCase();
  if (sqliteSynchronous !== undefined && !['OFF', 'NORMAL', 'FULL', 'EXTRA'].includes(sqliteSynchronous)) {
    throw new ConfigError(
      'LEDGER_SQLITE_SYNCHRONOUS',
      `expected OFF, NORMAL, FULL or EXTRA, got "${sqliteSynchronous}"`,
    );
  }
  const sqliteInlineLoneAppends =
    str(env, 'LEDGER_SQLITE_INLINE_LONE_APPENDS') === undefined
      ? undefined
      : bool(env, 'LEDGER_SQLITE_INLINE_LONE_APPENDS', true);
  const jwtSecret = str(env, 'LEDGER_JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    throw new ConfigError('LEDGER_JWT_SECRET', 'must be at least 32 characters');
  }
  const today = str(env, 'LEDGER_TODAY');
  if (today !== undefined && !isIsoDay(today)) {
    throw new ConfigError('LEDGER_TODAY', `expected an ISO day that exists (YYYY-MM-DD), got "${today}"`);
  }
  const logLevel = (str(env, 'LEDGER_LOG_LEVEL') ?? 'info') as LedgerConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LEDGER_LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const corsOrigin = str(env, 'LEDGER_CORS_ORIGIN');
  if (corsOrigin !== undefined && corsOrigin !== '*') url(env, 'LEDGER_CORS_ORIGIN', ['http:', 'https:']);
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: str(env, 'LEDGER_HOST') ?? '0.0.0.0',
    dataDir: path.resolve(str(env, 'LEDGER_DATA_DIR') ?? './data'),
    eventStore,
    eventStoreDbUrl,
    ...(sqliteSynchronous
      ? { sqliteSynchronous: sqliteSynchronous as LedgerConfig['sqliteSynchronous'] }
      : {}),
    ...(sqliteInlineLoneAppends !== undefined ? { sqliteInlineLoneAppends } : {}),
    jwtSecret,
    jwksUrl: url(env, 'LEDGER_JWKS_URL', ['http:', 'https:']),
    seedDemo: bool(env, 'LEDGER_SEED_DEMO', true),
    today,
    rateLimit: int(env, 'LEDGER_RATE_LIMIT', 100_000, 1, 100_000_000),
    corsOrigin,
    logLevel,
    bodyLimit: int(env, 'LEDGER_BODY_LIMIT', 64 * 1024, 1024, 64 * 1024 * 1024),
    printTokens: bool(env, 'LEDGER_PRINT_TOKENS', true),
  };
}
