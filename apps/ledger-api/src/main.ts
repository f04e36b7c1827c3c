import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, LEDGER_CONFIG, type LedgerConfig } from '@ledger/platform';
import { createApp } from './bootstrap';
import { firstStartBanner } from './first-start';
import { drainMsFor, installGracefulShutdown, shutdownGateOf, shutdownTimeoutMs } from './shutdown';

async function main(): Promise<void> {
  const timeoutMs = shutdownTimeoutMs(process.env);
  const app = await createApp();
  const config = app.get<LedgerConfig>(LEDGER_CONFIG);
  const fastify = app.getHttpAdapter().getInstance();
  const logger = new Logger('Shutdown');
  // SIGTERM/SIGINT: stop taking requests, finish the accepted ones, end SSE, stop projections,
  // close the store, exit 0 — or exit 1 after the hard deadline (ADR 0085).
  installGracefulShutdown(app, shutdownGateOf(fastify)!, {
    timeoutMs,
    drainMs: drainMsFor(timeoutMs),
    log: (line, level) => logger[level](line),
    exit: (code) => process.exit(code),
  });
  await app.listen(config.port, config.host);
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const banner = await firstStartBanner(config, port);
  if (banner) process.stdout.write(`${banner}\n`);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(
      `ledger-api failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.exit(1);
});
