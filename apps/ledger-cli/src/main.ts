/**
 * ledger-cli: the operators' and auditors' command line (`npm run cli -- <command>`).
 * Each command lives in `commands/<name>.command.ts` and exports `register(program)`.
 */
import 'reflect-metadata';
import { Command } from 'commander';
import { register as registerToken } from './commands/token.command';
import { register as registerSeed } from './commands/seed.command';
import { register as registerRebuild } from './commands/rebuild.command';
import { register as registerVerify } from './commands/verify.command';
import { register as registerReplay } from './commands/replay.command';
import { register as registerExport } from './commands/export.command';
import { register as registerVerifyPackage } from './commands/verify-package.command';

export function buildProgram(): Command {
  const program = new Command('ledger-cli')
    .description('群组生命周期账本命令行 · group-lifecycle ledger command line')
    .showHelpAfterError();
  for (const register of [
    registerToken,
    registerSeed,
    registerRebuild,
    registerVerify,
    registerReplay,
    registerExport,
    registerVerifyPackage,
  ]) {
    register(program);
  }
  return program;
}

if (require.main === module || process.env.LEDGER_CLI_MAIN === '1') {
  buildProgram()
    .parseAsync(process.argv)
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
}
