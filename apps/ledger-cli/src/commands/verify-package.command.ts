import * as fs from 'node:fs';
import type { Command } from 'commander';
import { verifyAuditPackage, type PackageVerdict } from '@ledger/audit';

/** Checks an audit package with nothing but the file (no store, no network). */
export function runVerifyPackage(file: string, options: { expectedKeyId?: string } = {}): { exitCode: 0 | 1; verdict: PackageVerdict; lines: string[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const verdict: PackageVerdict = { ok: false, eventsVerified: 0, problems: [`无法读取审计包 · cannot read ${file}: ${(err as Error).message}`] };
    return { exitCode: 1, verdict, lines: verdict.problems };
  }
  const verdict = verifyAuditPackage(parsed, options);
  const pkg = parsed as { subject?: string; checkpoint?: { treeSize?: number; timestamp?: string }; publicKey?: { keyId?: string } };
  const lines = verdict.ok
    ? [
        `审计包有效 · package verified: ${verdict.eventsVerified} events of ${pkg.subject} are in the log signed at tree size ${pkg.checkpoint?.treeSize} (${pkg.checkpoint?.timestamp})`,
        `签名密钥 · signed by key ${pkg.publicKey?.keyId}: compare it with GET /api/v1/audit/public-key, or pass --key-id`,
      ]
    : ['审计包验证失败 · PACKAGE VERIFICATION FAILED', ...verdict.problems.map((p) => `  - ${p}`)];
  return { exitCode: verdict.ok ? 0 : 1, verdict, lines };
}

export function register(program: Command): void {
  program
    .command('verify-package')
    .description('离线校验审计包 · verify an audit package offline, with nothing but the file')
    .argument('<file>', '审计包 · the JSON package written by `ledger-cli export`')
    .option('--key-id <hex>', '预期公钥标识 · require this key id (hex SHA-256 of the raw public key)')
    .action((file: string, opts: { keyId?: string }) => {
      const outcome = runVerifyPackage(file, { expectedKeyId: opts.keyId });
      for (const line of outcome.lines) process.stdout.write(`${line}\n`);
      process.exitCode = outcome.exitCode;
    });
}
