import type { Command } from 'commander';
import { ROLES, type Role } from '@ledger/domain';
import { loadConfig, mintToken } from '@ledger/platform';

/**
 * `ledger-cli token --role recorder --district 430104 --ttl 8h`: prints a bearer token, alone on
 * its last line, signed with LEDGER_JWT_SECRET or the data dir's generated secret.
 */
export function register(program: Command): void {
  program
    .command('token')
    .description('签发访问令牌 · mint a bearer token (the token alone is printed on the last line)')
    .requiredOption('--role <role>', `角色 · role: ${ROLES.join(', ')}`)
    .option('--district <code>', '区县代码（区县记录员）· 6-digit district code for a district recorder')
    .option('--city', '全市范围 · city-wide jurisdiction (default for recorders without --district)')
    .option('--sub <id>', '使用者标识 · subject (who the token is for)')
    .option('--ttl <span>', '有效期 · lifetime, e.g. 8h, 30m, 7d', '8h')
    .option(
      '--data-dir <dir>',
      '数据目录 · data dir holding the generated secret (default LEDGER_DATA_DIR or ./data)',
    )
    .action(
      async (opts: {
        role: string;
        district?: string;
        city?: boolean;
        sub?: string;
        ttl: string;
        dataDir?: string;
      }) => {
        if (!(ROLES as readonly string[]).includes(opts.role)) {
          throw new Error(`角色无效 · unknown role "${opts.role}" (expected ${ROLES.join(', ')})`);
        }
        if (opts.district !== undefined && !/^\d{6}$/.test(opts.district)) {
          throw new Error(`区县代码无效 · --district must be a 6-digit code (got "${opts.district}")`);
        }
        const role = opts.role as Role;
        const jurisdiction = opts.district ?? (opts.city || role === 'recorder' ? 'city' : undefined);
        const config = loadConfig({
          ...process.env,
          ...(opts.dataDir ? { LEDGER_DATA_DIR: opts.dataDir } : {}),
        });
        const token = await mintToken(
          { role, jurisdiction, sub: opts.sub, ttl: /^\d+$/.test(opts.ttl) ? Number(opts.ttl) : opts.ttl },
          config,
        );
        process.stdout.write(`${token}\n`);
      },
    );
}
