import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CheckpointStore, SNAPSHOT_PAGE_SIZE } from './checkpoint-store';
import { CheckpointWriter } from './checkpoint-writer';
import { threadHolds } from '@ledger/event-store/testing/thread-holds';

describe('CheckpointWriter (the background writer of live snapshots, ADR 0142)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'writer-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a save that fails in the thread rolls back and rejects its outcome; the next save is written', async () => {
    const file = join(dir, 'p.db');
    const store = new CheckpointStore(file);
    store.saveAll([{ name: 'm', version: 1, position: 1n, parts: ['h', 'a'] }]);
    const writer = new CheckpointWriter(file);

    const failing = writer.start();
    await failing.began;
    failing.sink.model('m');
    failing.sink.part('m', 0, 'H');
    failing.sink.part('m', 0, 'again'); // the same (name, seq): the primary key refuses it
    failing.sink.row(['m', 1, '2', '', 'now']);
    failing.sink.commit();
    await expect(failing.outcome).rejects.toThrow(/snapshot not saved: UNIQUE constraint failed/);
    expect(store.load().get('m')?.position).toBe(1n);
    expect([...store.parts('m')]).toEqual(['h', 'a']);

    const next = writer.start();
    await next.began;
    const steps = store.writing(
      [{ name: 'm', version: 1, position: 3n, parts: ['H3', 'b'] }],
      undefined,
      next.sink,
    );
    while (!steps.next().done);
    await next.outcome;
    expect(store.load().get('m')?.position).toBe(3n);
    expect([...store.parts('m')]).toEqual(['H3', 'b']);
    await writer.close();
    store.close();
  });

  it('holds the process while a save is in progress and while its thread closes, not when idle (ADR 0186)', async () => {
    const file = join(dir, 'p.db');
    new CheckpointStore(file).close(); // the file and its tables
    const before = threadHolds();
    const writer = new CheckpointWriter(file);
    expect(threadHolds()).toBe(before); // idle: a process with nothing else to do still ends
    const save = writer.start();
    expect(threadHolds()).toBe(before + 1); // its caller may await nothing else
    await save.began;
    save.sink.commit();
    await save.outcome;
    expect(threadHolds()).toBe(before);
    const failing = writer.start();
    await failing.began;
    failing.sink.part('m', 0, 'x'); // the same (name, seq) twice: the primary key refuses it
    failing.sink.part('m', 0, 'x');
    failing.sink.commit();
    await expect(failing.outcome).rejects.toThrow(/snapshot not saved/);
    expect(threadHolds()).toBe(before);
    const worker = writer['worker'];
    const ref = jest.spyOn(worker, 'ref');
    const exited = jest.fn();
    worker.once('exit', exited);
    await writer.close();
    expect(ref).toHaveBeenCalledTimes(1); // while it closes its connection
    expect(exited).toHaveBeenCalled();
    expect(threadHolds()).toBe(before);
  });

  it('a new file has 64 KiB pages; a file made with 4 KiB pages keeps them and is written and read as before (ADR 0176)', async () => {
    const pageSize = (file: string) => {
      const db = new Database(file, { readonly: true });
      try {
        return db.pragma('page_size', { simple: true });
      } finally {
        db.close();
      }
    };
    const parts = ['{"h":1}', JSON.stringify(['长沙'.repeat(50_000)])];
    const fresh = join(dir, 'new.db');
    const older = join(dir, 'old.db');
    const made = new Database(older);
    made.pragma('page_size = 4096');
    made.pragma('journal_mode = WAL');
    made.close();
    for (const file of [fresh, older]) {
      const store = new CheckpointStore(file);
      const writer = new CheckpointWriter(file);
      const save = writer.start();
      await save.began;
      const steps = store.writing([{ name: 'm', version: 1, position: 7n, parts }], undefined, save.sink);
      while (!steps.next().done);
      await save.outcome;
      expect(store.load().get('m')?.position).toBe(7n);
      expect([...store.parts('m')]).toEqual(parts);
      await writer.close();
      store.close();
    }
    expect(pageSize(fresh)).toBe(SNAPSHOT_PAGE_SIZE);
    expect(SNAPSHOT_PAGE_SIZE).toBe(65_536);
    expect(pageSize(older)).toBe(4096);
  });

  it('a writer whose thread cannot start fails the save instead of leaving it waiting', async () => {
    const file = join(dir, 'empty.db');
    new Database(file).close(); // no checkpoint tables: the thread cannot prepare its statements
    const writer = new CheckpointWriter(file);
    const save = writer.start();
    await expect(save.began).rejects.toThrow(/no such table/);
    await expect(save.outcome).rejects.toThrow();
    await expect(writer.start().began).rejects.toThrow();
    await writer.close();
  });
});
