import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROLES, type Role } from '@ledger/domain';
import { mintToken, type LedgerConfig } from '@ledger/platform';

export const TOKENS_PRINTED = '.tokens-printed';

/**
 * On a data dir's first start: one ready-made token per role (7 days) and the dashboard link with
 * the admin token, as text for the console. Undefined when already printed or disabled (ADR 0044).
 */
export async function firstStartBanner(config: LedgerConfig, port: number): Promise<string | undefined> {
  const marker = path.join(config.dataDir, TOKENS_PRINTED);
  if (!config.printTokens || fs.existsSync(marker)) return undefined;
  const jurisdiction: Partial<Record<Role, string>> = { recorder: 'city' };
  const lines = [
    '',
    '本地令牌（有效期 7 天）· local tokens (valid 7 days); `npm run cli -- token --role <role>` mints more:',
  ];
  let adminToken = '';
  for (const role of ROLES) {
    const token = await mintToken({ role, jurisdiction: jurisdiction[role], ttl: '7d' }, config);
    if (role === 'admin') adminToken = token;
    lines.push(`  ${role.padEnd(10)} ${token}`);
  }
  lines.push(`仪表盘 · dashboard: http://localhost:${port}/#token=${adminToken}`, '');
  fs.mkdirSync(config.dataDir, { recursive: true });
  fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
  return lines.join('\n');
}
