#!/usr/bin/env node
// Rough appends/s through the EventStore port (SQLite adapter, durable: synchronous=FULL by
// default). A measurement, not a test. Needs the compiled library:
//   npm run build:server && node scripts/measure-appends.js [--events 4000] [--synchronous FULL]
// LEDGER_EVENT_STORE_DIST points at another compiled copy of libs/event-store/src if needed.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomUUID } = require('node:crypto');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const distDir =
  process.env.LEDGER_EVENT_STORE_DIST ?? path.join(__dirname, '..', 'dist', 'libs', 'event-store', 'src');
if (!fs.existsSync(path.join(distDir, 'index.js'))) {
  console.error(
    `未找到编译产物 / compiled library not found: ${distDir}\n请先运行 / run first: npm run build:server`,
  );
  process.exit(2);
}
const { createEventStore } = require(distDir);
const total = Number(arg('events', '4000'));
const synchronous = arg('synchronous', 'FULL');
const concurrencies = String(arg('concurrency', '1,32,64')).split(',').map(Number);

const event = (i) => ({
  eventId: randomUUID(),
  type: 'Measured',
  data: { i, note: '集团化办学 measurement' },
  metadata: { actor: 'measure' },
});

async function run(concurrency) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-measure-'));
  const store = await createEventStore({ kind: 'sqlite', dataDir, synchronous });
  try {
    const perWorker = Math.ceil(total / concurrency);
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, w) => {
        let expected = 'no_stream';
        for (let i = 0; i < perWorker; i++) {
          const r = await store.appendToStream(`measure-${w}`, [event(i)], { expectedRevision: expected });
          expected = r.nextExpectedRevision;
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const count = perWorker * concurrency;
    if ((await store.headPosition()) !== BigInt(count)) throw new Error('head does not match the appends');
    return { concurrency, count, seconds, rate: count / seconds };
  } finally {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function batched(size, batches) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-measure-'));
  const store = await createEventStore({ kind: 'sqlite', dataDir, synchronous });
  try {
    const started = process.hrtime.bigint();
    for (let b = 0; b < batches; b++)
      await store.appendToStream(
        `batch-${b % 8}`,
        Array.from({ length: size }, (_, i) => event(i)),
      );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { count: size * batches, seconds, rate: (size * batches) / seconds };
  } finally {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

(async () => {
  console.log(
    `SQLite 事件存储追加速率 / SQLite event store append rate (synchronous=${synchronous}, ${os.cpus().length} CPU)`,
  );
  let single;
  for (const c of concurrencies) {
    const r = await run(c);
    if (c === 1) single = r.rate;
    const speedup = single ? ` (${(r.rate / single).toFixed(1)}× one appender)` : '';
    console.log(
      `  ${String(c).padStart(3)} 个并发追加者 / concurrent appenders: ${Math.round(r.rate).toLocaleString('en')} events/s  [${r.count} events in ${r.seconds.toFixed(2)} s]${speedup}`,
    );
  }
  const b = await batched(500, 20);
  console.log(
    `  批量追加 / batch append (500 events per append): ${Math.round(b.rate).toLocaleString('en')} events/s  [${b.count} events in ${b.seconds.toFixed(2)} s]`,
  );
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
