import * as path from 'node:path';
import { ConfigError, isIsoDay, loadConfig } from './config';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      dataDir: path.resolve('./data'),
      eventStore: 'sqlite',
      seedDemo: true,
      logLevel: 'info',
      bodyLimit: 65536,
    });
    expect(config.jwtSecret).toBeUndefined();
    expect(config.corsOrigin).toBeUndefined();
    expect(config.sqliteInlineLoneAppends).toBeUndefined();
  });

  it('reads every setting', () => {
    const config = loadConfig({
      PORT: '8080',
      LEDGER_DATA_DIR: '/tmp/x',
      EVENT_STORE: 'eventstoredb',
      EVENTSTOREDB_URL: 'esdb://node1:2113?tls=false',
      LEDGER_JWT_SECRET: 's'.repeat(32),
      LEDGER_JWKS_URL: 'https://sso.example.cn/.well-known/jwks.json',
      LEDGER_SEED_DEMO: 'false',
      LEDGER_TODAY: '2024-02-29',
      LEDGER_RATE_LIMIT: '50',
      LEDGER_CORS_ORIGIN: 'https://dash.example.cn',
      LEDGER_SQLITE_SYNCHRONOUS: 'normal',
      LEDGER_SQLITE_INLINE_LONE_APPENDS: 'false',
    });
    expect(config).toMatchObject({
      port: 8080,
      dataDir: '/tmp/x',
      eventStore: 'eventstoredb',
      eventStoreDbUrl: 'esdb://node1:2113?tls=false',
      seedDemo: false,
      today: '2024-02-29',
      rateLimit: 50,
      corsOrigin: 'https://dash.example.cn',
      sqliteSynchronous: 'NORMAL',
      sqliteInlineLoneAppends: false,
    });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['EVENT_STORE', 'postgres'],
    ['EVENTSTOREDB_URL', 'http://node1:2113'],
    ['LEDGER_JWT_SECRET', 'short'],
    ['LEDGER_JWKS_URL', 'not a url'],
    ['LEDGER_SEED_DEMO', 'maybe'],
    ['LEDGER_TODAY', '2023-02-29'],
    ['LEDGER_RATE_LIMIT', '0'],
    ['LEDGER_LOG_LEVEL', 'loud'],
    ['LEDGER_SQLITE_SYNCHRONOUS', 'SOMETIMES'],
    ['LEDGER_SQLITE_INLINE_LONE_APPENDS', 'sometimes'],
    ['LEDGER_CORS_ORIGIN', 'ftp://x'],
  ])('stops on a malformed %s (%s) with a message naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('needs EVENTSTOREDB_URL when EVENT_STORE=eventstoredb', () => {
    expect(() => loadConfig({ EVENT_STORE: 'eventstoredb' })).toThrow('EVENTSTOREDB_URL');
  });
});

describe('isIsoDay', () => {
  it.each(['2024-02-29', '2000-02-29', '2023-12-31'])('accepts %s', (d) => expect(isIsoDay(d)).toBe(true));
  it.each(['2023-02-29', '1900-02-29', '2024-02-30', '2024-13-01', '2024-1-01', '20240101', '2024-04-31'])(
    'refuses %s',
    (d) => expect(isIsoDay(d)).toBe(false),
  );
});
