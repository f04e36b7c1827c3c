'use strict';
/**
 * The ledger's own API, as built (`npm run build:server` → dist/, or BENCH_DIST), on a fresh data dir with no demo
 * data, listening on loopback. Prints `LISTENING {port, token}` with an admin token.
 * Environment: BENCH_DATA_DIR (required), and any LEDGER_* setting to override the defaults below.
 */
const path = require('node:path');
const { DIST } = require('../lib/dist');

const dist = (p) => path.join(DIST, p);

async function main() {
  const dataDir = process.env.BENCH_DATA_DIR;
  if (!dataDir) throw new Error('BENCH_DATA_DIR is required');
  const env = {
    LEDGER_DATA_DIR: dataDir,
    LEDGER_SEED_DEMO: 'false',
    LEDGER_PRINT_TOKENS: 'false',
    LEDGER_HOST: '127.0.0.1',
    PORT: '0',
    // The throttler would otherwise answer 429 to a load test: lift it, measure everything else.
    LEDGER_RATE_LIMIT: '100000000',
    LEDGER_JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
  };
  for (const [k, v] of Object.entries(env)) if (process.env[k] === undefined) process.env[k] = v;
  const { createApp } = require(dist('apps/ledger-api/src/bootstrap.js'));
  const platform = require(dist('libs/platform/src/index.js'));
  const app = await createApp({});
  const config = app.get(platform.LEDGER_CONFIG);
  await app.listen(config.port, config.host);
  const address = app.getHttpAdapter().getInstance().server.address();
  const token = await platform.mintToken({ role: 'admin', ttl: '2h' }, config);
  process.stdout.write(`LISTENING ${JSON.stringify({ port: address.port, token })}\n`);
  // A clean exit on request, so that --cpu-prof can write its profile.
  process.on('message', (m) => {
    if (m === 'stop') app.close().finally(() => process.exit(0));
  });
}

main().catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : String(err)}\n`);
  process.exit(1);
});
