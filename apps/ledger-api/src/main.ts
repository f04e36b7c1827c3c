import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, LEDGER_CONFIG, mintToken, type LedgerConfig } from '@ledger/platform';
import { ROLES, type Role } from '@ledger/domain';
import { createApp } from './bootstrap';

const TOKENS_PRINTED = '.tokens-printed';

/** On a data dir's first start: one ready-made token per role, and the dashboard link. */
async function printLocalTokens(config: LedgerConfig, port: number): Promise<void> {
  const marker = path.join(config.dataDir, TOKENS_PRINTED);
  if (!config.printTokens || fs.existsSync(marker)) return;
  const jurisdiction: Partial<Record<Role, string>> = { recorder: 'city' };
  const lines = ['', '本地令牌（有效期 7 天）· local tokens (valid 7 days), `npm run cli -- token --role <role>` mints more:'];
  let adminToken = '';
  for (const role of ROLES) {
    const token = await mintToken({ role, jurisdiction: jurisdiction[role], ttl: '7d' }, config);
    if (role === 'admin') adminToken = token;
    lines.push(`  ${role.padEnd(10)} ${token}`);
  }
  lines.push(`仪表盘 · dashboard: http://localhost:${port}/#token=${adminToken}`, '');
  process.stdout.write(`${lines.join('\n')}\n`);
  fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
}

async function main(): Promise<void> {
  const app = await createApp();
  const config = app.get<LedgerConfig>(LEDGER_CONFIG);
  await app.listen(config.port, config.host);
  const address = app.getHttpAdapter().getInstance().server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  await printLocalTokens(config, port);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`ledger-api failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});
