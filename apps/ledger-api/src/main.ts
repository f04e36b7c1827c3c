import 'reflect-metadata';
import { ConfigError, LEDGER_CONFIG, type LedgerConfig } from '@ledger/platform';
import { createApp } from './bootstrap';
import { firstStartBanner } from './first-start';

async function main(): Promise<void> {
  const app = await createApp();
  const config = app.get<LedgerConfig>(LEDGER_CONFIG);
  await app.listen(config.port, config.host);
  const address = app.getHttpAdapter().getInstance().server.address();
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
