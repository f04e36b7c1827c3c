import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { isIsoDay } from '@ledger/domain';
import { createClock, loadConfig, openEventStore } from '@ledger/platform';
import { seedDemo } from '@ledger/projections';

/**
 * `ledger-cli seed --groups N`: appends the deterministic Changsha demo ledger (about 75 events
 * per group) to the configured store, with a progress bar and events/s. Any size: 13,000 groups
 * make about a million events.
 */
export function register(program: Command): void {
  program
    .command('seed')
    .description('写入演示数据 · seed the demo ledger (Changsha education groups, 2019 to today)')
    .option('--groups <n>', '集团数量 · number of groups', '40')
    .option('--seed <n>', '随机种子 · PRNG seed (same seed, same ledger)', '20201208')
    .option('--today <day>', '演示的"今天" · the day histories run up to (default LEDGER_TODAY or today)')
    .option('--data-dir <dir>', '数据目录 · data dir (default LEDGER_DATA_DIR or ./data)')
    .option('--allow-non-empty', '允许写入非空账本 · append even when the store already holds events')
    .action(async (opts: { groups: string; seed: string; today?: string; dataDir?: string; allowNonEmpty?: boolean }) => {
      const groups = Number(opts.groups);
      if (!Number.isInteger(groups) || groups < 1) throw new Error(`--groups 须为正整数 · --groups must be a positive integer (got "${opts.groups}")`);
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) throw new Error(`--seed 须为整数 · --seed must be an integer (got "${opts.seed}")`);
      if (opts.today !== undefined && !isIsoDay(opts.today)) throw new Error(`--today 须为日期 · --today must be an ISO day (got "${opts.today}")`);
      const config = loadConfig({ ...process.env, ...(opts.dataDir ? { LEDGER_DATA_DIR: opts.dataDir } : {}) });
      const today = opts.today ?? createClock(config).today();
      const store = await openEventStore(config);
      try {
        const head = await store.headPosition();
        if (head > 0n && !opts.allowNonEmpty) {
          throw new Error(`账本非空（${head} 个事件）· the store already holds events up to position ${head}; pass --allow-non-empty (and another --seed) to add more`);
        }
        const bar = new SingleBar(
          { format: '写入 seeding [{bar}] {percentage}% | {value}/{total} groups | {events} events | {rate} events/s', hideCursor: true },
          Presets.shades_classic,
        );
        const started = Date.now();
        bar.start(groups, 0, { events: 0, rate: 0 });
        const n = await seedDemo(store, { groups, today, seed }, (p) => {
          const rate = Math.round(p.events / Math.max(0.001, (Date.now() - started) / 1000));
          bar.update(p.groupsDone, { events: p.events, rate });
        });
        bar.stop();
        const seconds = (Date.now() - started) / 1000;
        process.stdout.write(`已写入 ${n} 个事件 · seeded ${n} events (${groups} groups) in ${seconds.toFixed(1)} s, ${Math.round(n / seconds)} events/s\n`);
      } finally {
        await store.close();
      }
    });
}
