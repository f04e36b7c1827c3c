import * as path from 'node:path';
import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { createClock, loadConfig, openEventStore } from '@ledger/platform';
import { ProjectionRunner, allReadModels } from '@ledger/projections';

/**
 * `ledger-cli rebuild`: replays the whole global log from position 0 into every read model and
 * saves their snapshots and checkpoints (`<dataDir>/projections.db`). Run it with the API stopped
 * (the API would otherwise keep writing its own checkpoints).
 */
export function register(program: Command): void {
  program
    .command('rebuild')
    .description('重建读模型 · rebuild every read model from position 0')
    .option('--data-dir <dir>', '数据目录 · data dir (default LEDGER_DATA_DIR or ./data)')
    .action(async (opts: { dataDir?: string }) => {
      const config = loadConfig({ ...process.env, ...(opts.dataDir ? { LEDGER_DATA_DIR: opts.dataDir } : {}) });
      const clock = createClock(config);
      const store = await openEventStore(config);
      const runner = new ProjectionRunner({
        store,
        models: allReadModels(),
        checkpointFile: path.join(config.dataDir, 'projections.db'),
        today: () => clock.today(),
        snapshotEvery: Number.MAX_SAFE_INTEGER,
        snapshotIntervalMs: Number.MAX_SAFE_INTEGER,
        log: (level, message) => process.stderr.write(`[${level}] ${message}\n`),
      });
      try {
        const head = await store.headPosition();
        const bar = new SingleBar({ format: '重建 rebuilding [{bar}] {percentage}% | {value}/{total} | {rate} events/s', hideCursor: true }, Presets.shades_classic);
        const started = Date.now();
        bar.start(Number(head), 0, { rate: 0 });
        await runner.rebuild((p) => {
          bar.update(Number(p.position), { rate: Math.round(p.applied / Math.max(0.001, (Date.now() - started) / 1000)) });
        });
        bar.update(Number(runner.position));
        bar.stop();
        const seconds = (Date.now() - started) / 1000;
        process.stdout.write(
          `已重建 · rebuilt ${Object.keys(runner.modelVersions()).join(', ')}: ${runner.applied} events in ${seconds.toFixed(1)} s, ` +
            `${Math.round(runner.applied / Math.max(0.001, seconds))} events/s, position ${runner.position}` +
            `${runner.skipped.length ? `, ${runner.skipped.length} malformed event(s) set aside` : ''}\n`,
        );
      } finally {
        await runner.stop();
        await store.close();
      }
    });
}
