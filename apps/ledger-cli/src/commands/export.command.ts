import * as fs from 'node:fs';
import type { Command } from 'commander';
import { buildAuditPackage, publicKeyFromPem, type AuditPackage } from '@ledger/audit';
import { StreamNotFoundError } from '@ledger/event-store';
import { openAuditContext, resolvePublicKey } from './verify.command';

/** `school-4301…`, `school:4301…` and the like name a subject's stream. */
export function subjectStreamId(subject: string): string {
  const m = /^(school|group|cooperation)[-:](.+)$/.exec(subject.trim());
  if (!m) throw new Error(`主体无效 · unknown subject "${subject}": expected school-<id>, group-<id> or cooperation-<id>`);
  return `${m[1]}-${m[2]}`;
}

export async function runExport(options: { subject: string; dataDir?: string; now?: () => string; env?: Record<string, string | undefined> }): Promise<AuditPackage> {
  const streamId = subjectStreamId(options.subject);
  const ctx = await openAuditContext(options);
  try {
    const checkpoint = ctx.log.latestCheckpoint();
    if (!checkpoint) throw new Error('尚无签名检查点 · no signed checkpoint yet: POST /api/v1/audit/checkpoints (admin) or wait for the next one');
    const pem = ctx.log.signingKeyPem(checkpoint.keyId);
    const publicKey = pem ? publicKeyFromPem(pem) : resolvePublicKey(ctx).key;
    let events;
    try {
      events = await ctx.store.readStream(streamId);
    } catch (err) {
      if (err instanceof StreamNotFoundError) throw new Error(`主体不存在 · no events for ${streamId}`);
      throw err;
    }
    return buildAuditPackage({
      subject: streamId,
      events,
      log: ctx.log,
      checkpoint,
      publicKey,
      exportedAt: (options.now ?? (() => new Date().toISOString()))(),
    });
  } finally {
    await ctx.close();
  }
}

export function register(program: Command): void {
  program
    .command('export')
    .description('导出审计包 · export a self-contained JSON audit package of one subject (events, inclusion proofs, signed checkpoint, public key)')
    .argument('<subject>', '主体 · school-<id>, group-<id> or cooperation-<id>')
    .option('--out <file>', '输出文件 · write to this file (default stdout)')
    .option('--data-dir <dir>', '数据目录 · data dir (default LEDGER_DATA_DIR or ./data)')
    .action(async (subject: string, opts: { out?: string; dataDir?: string }) => {
      const pkg = await runExport({ subject, dataDir: opts.dataDir });
      const text = `${JSON.stringify(pkg, null, 2)}\n`;
      if (opts.out) {
        fs.writeFileSync(opts.out, text);
        process.stderr.write(`已导出 · exported ${pkg.events.length} events of ${pkg.subject} to ${opts.out}` + (pkg.notYetCheckpointed.length ? ` (${pkg.notYetCheckpointed.length} newer events await the next checkpoint)` : '') + '\n');
      } else {
        process.stdout.write(text);
      }
    });
}
