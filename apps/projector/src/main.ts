/**
 * The projector: runs the read models' projection runner as its own process when the store is
 * EventStoreDB (`npm run start:projector`), keeping `<dataDir>/projections.db` (snapshots and
 * checkpoints) up to date: catch-up, then live, resumed after a restart from the snapshots.
 * With the embedded SQLite store the runner lives inside ledger-api instead.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createClock, loadConfig, openEventStore } from '@ledger/platform';
import { ProjectionRunner, allReadModels, catchUpProgress } from '@ledger/projections';

const STATUS_EVERY_MS = 30_000;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  fs.mkdirSync(config.dataDir, { recursive: true });
  const clock = createClock(config);
  const store = await openEventStore(config);
  const log = (level: string, message: string) =>
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, service: 'projector', msg: message })}\n`);
  const runner = new ProjectionRunner({
    store,
    models: allReadModels(),
    checkpointFile: path.join(config.dataDir, 'projections.db'),
    today: () => clock.today(),
    log,
  });

  let stopping = false;
  const stop = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log('info', `${signal}: 保存快照并退出 · saving snapshots and stopping at position ${runner.position}`);
    clearInterval(status);
    await runner.stop();
    await store.close();
    process.exit(code);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  const started = Date.now();
  await runner.start(catchUpProgress((message) => log('info', message)));
  if (runner.failure) throw runner.failure; // e.g. a snapshot its writer could not commit
  log('info', `已追上 · caught up at position ${runner.position} (${runner.applied} events in ${((Date.now() - started) / 1000).toFixed(1)} s); following live`);
  const status = setInterval(() => {
    runner.settle();
    if (runner.failure) {
      log('error', `runner failed: ${runner.failure.message}`);
      void stop('FAILURE', 1);
      return;
    }
    log('info', `position ${runner.position}, applied ${runner.applied}, set aside ${runner.skipped.length}`);
  }, STATUS_EVERY_MS);
}

main().catch((err: unknown) => {
  process.stderr.write(`projector: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
