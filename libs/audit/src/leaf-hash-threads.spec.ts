/**
 * The leaf hash threads (ADRs 0184, 0185) hold the process only while a range is asked for or
 * while they close: a caller that never closes them still ends (ADR 0186).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEventStore } from '@ledger/event-store';
import { threadHolds } from '@ledger/event-store/testing/thread-holds';
import { startLeafHashThreads } from './leaf-hash-threads';
import { appendSampleEvents } from './testing/sample-events';

describe('startLeafHashThreads', () => {
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leaf-threads-'));
    const store = await createEventStore({ kind: 'sqlite', dataDir: dir });
    await appendSampleEvents(store, 0, 30);
    await store.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('idle threads do not hold the process; a range asked for does until answered; closing does', async () => {
    const before = threadHolds();
    const hasher = startLeafHashThreads(path.join(dir, 'events.db'), 2);
    try {
      expect(threadHolds()).toBe(before);
      const one = hasher.hashRange(0n, 10n, 100);
      expect(threadHolds()).toBe(before + 1);
      expect((await one).count).toBe(10);
      expect(threadHolds()).toBe(before);
      const two = [hasher.hashRange(10n, 20n, 100), hasher.hashRange(20n, 30n, 100)];
      expect(threadHolds()).toBe(before + 2); // one on each thread
      expect((await Promise.all(two)).map((r) => r.count)).toEqual([10, 10]);
      expect(threadHolds()).toBe(before);
    } finally {
      const closing = hasher.close();
      expect(threadHolds()).toBe(before + 2); // until both have closed their connections
      await closing;
    }
    expect(threadHolds()).toBe(before);
  });
});
