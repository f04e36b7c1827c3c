/**
 * The audit projection far behind the embedded store (ADR 0185): the leaves hashed on threads give
 * the log the same leaves and roots as the paged reading through the port; the subscription then
 * follows from where the catch-up ended; events recorded meanwhile are not missed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { createEventStore, type EventStore } from '@ledger/event-store';
import { AuditLog } from './audit-log';
import { AuditProjection } from './audit-projection';
import { leafBytes } from './leaf';
import * as threads from './leaf-hash-threads';
import { MemoryMerkleTree } from './merkle/memory-tree';
import { loadOrCreateSigningKey } from './signing';
import { appendSampleEvents } from './testing/sample-events';

describe('the audit projection catching up on threads', () => {
  let dir: string;
  let store: EventStore;
  let log: AuditLog;
  let projection: AuditProjection | undefined;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-threads-'));
    store = await createEventStore({ kind: 'sqlite', dataDir: dir });
    log = AuditLog.open(dir);
  });
  afterEach(async () => {
    projection?.stop();
    jest.restoreAllMocks();
    log.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const withThreads = (beyond: number): AuditProjection =>
    new AuditProjection(store, log, loadOrCreateSigningKey({ dataDir: dir }), {
      checkpointIntervalMs: 0,
      now: () => '2026-01-01T00:00:00.000Z',
      threads: { eventsFile: path.join(dir, 'events.db'), count: 2, beyond },
    });

  const expectTreeOfTheStore = async (): Promise<void> => {
    const events = await store.readAll();
    const mem = MemoryMerkleTree.fromLeafData(events.map(leafBytes));
    expect(log.size).toBe(events.length);
    expect(log.lastPosition).toBe(events[events.length - 1].position);
    for (const n of [1, 7, events.length >> 1, events.length])
      expect(log.root(n).equals(mem.root(n))).toBe(true);
    expect(log.leaf(events.length - 1)?.hash.equals(mem.leafHash(events.length - 1))).toBe(true);
  };

  it('far behind, catchUp() hashes the leaves on threads: the tree the store gives', async () => {
    await appendSampleEvents(store, 0, 9_321);
    const started = jest.spyOn(threads, 'startLeafHashThreads');
    projection = withThreads(100);
    await projection.catchUp();
    expect(started).toHaveBeenCalledTimes(1);
    await expectTreeOfTheStore();
  }, 30_000);

  it('far behind, an event the store cannot decode stops it there, as the port does', async () => {
    await appendSampleEvents(store, 0, 4_500); // two ranges of positions: the bad event in the first
    const db = new Database(path.join(dir, 'events.db'));
    db.prepare(`UPDATE events SET data = '{"cut sh' WHERE position = 150`).run();
    db.close();
    projection = withThreads(100);
    await expect(projection.catchUp()).rejects.toThrow(SyntaxError);
    expect(log.size).toBe(149);
    expect(log.lastPosition).toBe(149n);
  }, 30_000);

  it('not that far behind, it reads through the port as before', async () => {
    await appendSampleEvents(store, 0, 50);
    const started = jest.spyOn(threads, 'startLeafHashThreads');
    projection = withThreads(100);
    await projection.catchUp();
    expect(started).not.toHaveBeenCalled();
    await expectTreeOfTheStore();
  });

  it('start() catches up on threads, then follows: events recorded meanwhile and after are in the log', async () => {
    await appendSampleEvents(store, 0, 3_000);
    projection = withThreads(100);
    projection.start();
    await appendSampleEvents(store, 3_000, 40); // while it catches up
    await projection.waitFor(3_040n);
    await appendSampleEvents(store, 3_040, 5); // through the subscription
    await projection.waitFor(3_045n);
    await expectTreeOfTheStore();
  }, 30_000);

  it('stopped during the catch-up, it does not subscribe afterwards', async () => {
    await appendSampleEvents(store, 0, 2_000);
    projection = withThreads(100);
    projection.start();
    projection.stop();
    await projection.catchUp(); // the reading start() began, shared
    const size = log.size;
    await appendSampleEvents(store, 2_000, 5);
    await new Promise((resolve) => setTimeout(resolve, 150)); // the subscription's 50 ms buffer, three times
    expect(log.size).toBe(size);
  }, 30_000);
});
