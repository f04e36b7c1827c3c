import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EventStore } from '@ledger/event-store';
import { loadConfig } from './config';
import { openEventStore } from './event-store';

/** How many batches the SQLite writer thread was sent while `run` appended (ADR 0104). */
async function writerBatches(store: EventStore, run: () => Promise<unknown>): Promise<number> {
  const worker = (store as unknown as { worker: { postMessage: (m: unknown) => void } }).worker;
  const posts = jest.spyOn(worker, 'postMessage');
  await run();
  return posts.mock.calls.filter(([m]) => (m as { type?: string }).type === 'batch').length;
}

describe('openEventStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-platform-es-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const lone = (store: EventStore) => () =>
    store.appendToStream('s', [{ eventId: '00000000-0000-4000-8000-000000000001', type: 'T', data: {}, metadata: {} }]);

  it.each([
    [{}, 0],
    [{ LEDGER_SQLITE_INLINE_LONE_APPENDS: 'true' }, 0],
    [{ LEDGER_SQLITE_INLINE_LONE_APPENDS: 'false' }, 1],
  ])('LEDGER_SQLITE_INLINE_LONE_APPENDS from %j reaches the SQLite store (%d writer batches for a lone append)', async (env, batches) => {
    const store = await openEventStore(loadConfig({ ...env, LEDGER_DATA_DIR: dir }));
    try {
      expect(await writerBatches(store, lone(store))).toBe(batches);
      expect(await store.headPosition()).toBe(1n);
    } finally {
      await store.close();
    }
  });
});
