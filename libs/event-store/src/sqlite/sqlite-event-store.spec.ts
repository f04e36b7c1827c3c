import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import * as fc from 'fast-check';
import { firstValueFrom, take, toArray } from 'rxjs';
import { StoreClosedError } from '../errors';
import { createEventStore } from '../create-event-store';
import { loadMigrations, migrate, SchemaTooNewError } from './migrations';
import { SqliteEventStore } from './sqlite-event-store.adapter';
import { threadHolds } from '../testing/thread-holds';

const ev = (eventId: string, data: Record<string, number> = {}) => ({
  eventId,
  type: 'T',
  data,
  metadata: {},
});

describe('SqliteEventStore (SQLite only)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-es-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates <dataDir>/events.db in WAL mode, synchronous=FULL by default, at the newest schema version', async () => {
    const store = await createEventStore({ kind: 'sqlite', dataDir: path.join(dir, 'nested') });
    expect((store as SqliteEventStore).synchronous).toBe('FULL');
    await store.appendToStream('s', [ev('a')]);
    await store.close();
    const db = new Database(path.join(dir, 'nested', 'events.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(loadMigrations().at(-1)!.version);
    db.close();
  });

  it('an empty store has head 0 and positions start at 1 without gaps, also across failed appends', async () => {
    const store = await SqliteEventStore.open({ dataDir: dir });
    expect(await store.headPosition()).toBe(0n);
    const results = await Promise.allSettled([
      store.appendToStream('a', [ev('1'), ev('2')]),
      store.appendToStream('a', [ev('3')], { expectedRevision: 9n }),
      store.appendToStream('b', [ev('4')]),
      store.appendToStream('c', [ev('5'), ev('5')]), // duplicate id inside one request: refused, rolled back
      store.appendToStream('a', [ev('6')]),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    const all = await store.readAll();
    expect(all.map((e) => e.position)).toEqual([1n, 2n, 3n, 4n]);
    expect(all.map((e) => e.eventId)).toEqual(['1', '2', '4', '6']);
    await store.appendToStream('c', [ev('7')]);
    expect((await store.readAll({ after: 4n })).map((e) => e.position)).toEqual([5n]);
    await store.close();
  });

  it('a used id after the first event is an EventIdConflictError naming it, and the request writes nothing', async () => {
    const store = await SqliteEventStore.open({ dataDir: dir });
    await store.appendToStream('a', [ev('x1'), ev('x2')]);
    await expect(store.appendToStream('b', [ev('fresh'), ev('x2')])).rejects.toMatchObject({
      name: 'EventIdConflictError',
      eventId: 'x2',
    });
    await expect(store.appendToStream('a', [ev('x2'), ev('x3')])).rejects.toMatchObject({
      name: 'EventIdConflictError',
      eventId: 'x2',
    });
    expect(await store.headPosition()).toBe(2n);
    expect(await store.findEvent('fresh')).toBeUndefined();
    // A replay of a prefix-less suffix is not a replay either: x2 alone at revision 1 of 'a' is.
    expect((await store.appendToStream('a', [ev('x2')])).events).toEqual([
      { eventId: 'x2', revision: 1n, position: 2n },
    ]);
    await store.close();
  });

  it('a request alone in its batch (no savepoint, multi-row INSERT OR ROLLBACK) has the same outcome as inside a shared batch, inline or in the writer thread', async () => {
    type Req = [string, string[], bigint | 'no_stream' | 'any'];
    const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
    const script: Req[] = [
      ['a', ['1', '2'], 'no_stream'],
      ['a', ['3', '4'], 0n], // wrong expected revision
      ['b', ['5', '6', '5'], 'any'], // duplicate id inside the request: nothing of it stays
      ['b', ['7', '2'], 'any'], // an id used by another stream: nothing of it stays
      ['a', ['1', '2'], 'no_stream'], // a replay: the original result
      ['b', ['8', '9'], 'no_stream'],
      ['a', ['10'], 1n],
      // Longer than one multi-row INSERT (32 rows, ADR 0102): written in three statements.
      ['c', range('c', 70), 'no_stream'],
      // A used id in the second statement: nothing of the request stays.
      ['d', [...range('d', 40), 'c-5'], 'any'],
      ['d', range('d', 33), 'no_stream'],
    ];
    const outcome = (r: PromiseSettledResult<unknown>) =>
      r.status === 'fulfilled' ? r.value : (r.reason as Error).name;
    const run = async (sub: string, together: boolean, inlineLoneAppends = true) => {
      const store = await SqliteEventStore.open({ dataDir: path.join(dir, sub), inlineLoneAppends });
      const append = ([s, ids, expectedRevision]: Req) =>
        store.appendToStream(
          s,
          ids.map((id) => ev(id)),
          { expectedRevision },
        );
      const settled: PromiseSettledResult<unknown>[] = [];
      if (together) settled.push(...(await Promise.allSettled(script.map(append))));
      else for (const r of script) settled.push(...(await Promise.allSettled([append(r)])));
      const log = (await store.readAll()).map((e) => [e.position, e.streamId, e.revision, e.eventId]);
      await store.close();
      return { outcomes: settled.map(outcome), log };
    };
    const alone = await run('alone', false);
    const shared = await run('shared', true);
    expect(alone).toEqual(shared);
    expect(await run('alone-writer', false, false)).toEqual(shared);
    expect(alone.outcomes.map((o) => (typeof o === 'string' ? o : 'ok'))).toEqual([
      'ok',
      'WrongExpectedRevisionError',
      'EventIdConflictError',
      'EventIdConflictError',
      'ok',
      'ok',
      'ok',
      'ok',
      'EventIdConflictError',
      'ok',
    ]);
    expect(alone.log.map((row) => row[3])).toEqual([
      ...['1', '2', '8', '9', '10'],
      ...range('c', 70),
      ...range('d', 33),
    ]);
    expect(alone.log.map((row) => row[0])).toEqual(alone.log.map((_, i) => BigInt(i + 1)));
  });

  it('checkpoint policy: a due checkpoint after a commit of >= 8 events goes to the thread, after a smaller one it runs at once; without the thread, SQLite auto-checkpoints (ADR 0108)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createCheckpointPolicy, WAL_BOUND_FRAMES } = require('./sqlite-appender.worker.js') as {
      createCheckpointPolicy: (
        db: Database.Database,
        signal: Int32Array,
      ) => (requests: number, bytes: number, events: number) => void;
      WAL_BOUND_FRAMES: number;
    };
    const db = new Database(path.join(dir, 'policy.db'));
    db.pragma('journal_mode = WAL');
    db.pragma(`wal_autocheckpoint = ${WAL_BOUND_FRAMES}`);
    const prepare = jest.spyOn(db, 'prepare');
    const signal = new Int32Array(new SharedArrayBuffer(8));
    const committed = createCheckpointPolicy(db, signal);
    const run = jest.spyOn(prepare.mock.results[0].value as Database.Statement, 'get');
    // A lone 100-event append (~36 pages) 30 times: one checkpoint due, nudged to the thread.
    for (let i = 0; i < 30; i++) committed(1, 100 * 1000, 100);
    expect(Atomics.load(signal, 0)).toBe(1);
    expect(run).not.toHaveBeenCalled();
    // Single-event commits (~3 pages each): the next due checkpoint runs here.
    for (let i = 0; i < 340; i++) committed(1, 500, 1);
    expect(Atomics.load(signal, 0)).toBe(1);
    expect(run).toHaveBeenCalledTimes(1);
    // A batch of 64 single-event requests (~130 pages): the thread again.
    for (let i = 0; i < 8; i++) committed(64, 64 * 500, 64);
    expect(Atomics.load(signal, 0)).toBe(2);
    // The thread stopped or failed (the writer sets signal[1]): nothing more from the policy,
    // and the connection is back on SQLite's own auto-checkpoint.
    Atomics.store(signal, 1, 1);
    for (let i = 0; i < 100; i++) committed(64, 64 * 500, 64);
    expect(Atomics.load(signal, 0)).toBe(2);
    expect(run).toHaveBeenCalledTimes(1);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
  });

  it.each([true, false])(
    'keeps everything across checkpoints, made after small commits or by the checkpointer thread after big ones (ADRs 0101, 0108; inline lone appends: %s)',
    async (inlineLoneAppends) => {
      const store = await SqliteEventStore.open({ dataDir: dir, inlineLoneAppends });
      // ~18 MB of event data: several checkpoints of each kind (one every ~1000 pages written).
      const big = 'x'.repeat(20_000);
      const event = (id: string) => ({ eventId: id, type: 'T', data: { big }, metadata: {} });
      // One 10-event append at a time: big commits of one request (inline, or a writer batch of
      // one), checkpointed by the thread.
      for (let i = 0; i < 30; i++) {
        await store.appendToStream(
          `s-${i % 3}`,
          Array.from({ length: 10 }, (_, j) => event(`e-${i}-${j}`)),
        );
      }
      // One single-event append at a time: small commits, checkpointed right after their COMMIT.
      for (let i = 0; i < 120; i++) await store.appendToStream('one', [event(`o-${i}`)]);
      // 16 appends issued together, 50 times: batches of 16 requests, checkpointed by the thread.
      for (let i = 0; i < 50; i++) {
        await Promise.all(
          Array.from({ length: 16 }, (_, j) => store.appendToStream(`c-${j}`, [event(`c-${i}-${j}`)])),
        );
      }
      await store.close();
      const reopened = await SqliteEventStore.open({ dataDir: dir });
      const all = await reopened.readAll();
      expect(all).toHaveLength(300 + 120 + 800);
      expect(
        all.every((e, i) => e.position === BigInt(i + 1) && (e.data as { big: string }).big === big),
      ).toBe(true);
      expect(await reopened.streamRevision('s-0')).toBe(99n);
      expect(await reopened.streamRevision('one')).toBe(119n);
      expect(await reopened.streamRevision('c-15')).toBe(49n);
      await reopened.close();
      const db = new Database(path.join(dir, 'events.db'));
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    },
  );

  it('survives close and reopen with everything committed (appends accepted before close included)', async () => {
    const store = await SqliteEventStore.open({ dataDir: dir });
    const pending = Array.from({ length: 20 }, (_, i) =>
      store.appendToStream(`s${i % 3}`, [ev(`e${i}`, { i })]),
    );
    await store.close();
    await Promise.all(pending);
    await expect(store.appendToStream('s', [ev('late')])).rejects.toBeInstanceOf(StoreClosedError);
    const again = await SqliteEventStore.open({ dataDir: dir });
    expect(await again.headPosition()).toBe(20n);
    expect(await again.streamRevision('s0')).toBe(6n);
    // Idempotency survives a restart.
    const replay = await again.appendToStream('s1', [ev('e1', { i: 1 })]);
    expect(replay.events[0].position).toBe(2n);
    expect(await again.headPosition()).toBe(20n);
    await again.close();
  });

  it('two writers on one file (another process, e.g. the CLI) stay consistent, and subscriptions see both', async () => {
    const a = await SqliteEventStore.open({ dataDir: dir, pollIntervalMs: 5 });
    const b = await SqliteEventStore.open({ dataDir: dir, pollIntervalMs: 5 });
    const seen = firstValueFrom(a.subscribeToAll().pipe(take(4), toArray()));
    await a.appendToStream('s', [ev('a1')], { expectedRevision: 'no_stream' });
    await b.appendToStream('s', [ev('b1')], { expectedRevision: 0n });
    // a's writer must notice b's write: its cached revision of 's' (0) is stale.
    await expect(a.appendToStream('s', [ev('a2')], { expectedRevision: 0n })).rejects.toMatchObject({
      expected: 0n,
      actual: 1n,
    });
    await a.appendToStream('s', [ev('a2')], { expectedRevision: 1n });
    await b.appendToStream('t', [ev('b2')]);
    const got = await seen;
    expect(got.map((e) => [e.eventId, e.position])).toEqual([
      ['a1', 1n],
      ['b1', 2n],
      ['a2', 3n],
      ['b2', 4n],
    ]);
    await a.close();
    await b.close();
  });

  it('opens a version-1 file (written by migration 1 only) and migrates it', async () => {
    const file = path.join(dir, 'events.db');
    const v1 = new Database(file);
    v1.pragma('journal_mode = WAL');
    migrate(
      v1,
      loadMigrations().filter((m) => m.version === 1),
    );
    expect(v1.pragma('user_version', { simple: true })).toBe(1);
    const insert = v1.prepare(
      'INSERT INTO events (position, event_id, stream_id, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    insert.run(1, 'old-1', 'school-1', 0, 'SchoolRegistered', '{"name":"一中"}', '{}');
    insert.run(2, 'old-2', 'school-2', 0, 'SchoolRegistered', '{"name":"二中"}', '{}');
    insert.run(3, 'old-3', 'school-1', 1, 'SchoolRenamed', '{"name":"长沙一中"}', '{}');
    v1.close();

    const store = await SqliteEventStore.open({ dataDir: dir });
    expect(await store.streamRevision('school-1')).toBe(1n);
    expect(await store.streamRevision('school-2')).toBe(0n);
    expect((await store.readStream('school-1')).map((e) => e.data)).toEqual([
      { name: '一中' },
      { name: '长沙一中' },
    ]);
    await expect(
      store.appendToStream('school-1', [ev('new')], { expectedRevision: 0n }),
    ).rejects.toMatchObject({ actual: 1n });
    const r = await store.appendToStream('school-1', [ev('new')], { expectedRevision: 1n });
    expect(r).toMatchObject({ nextExpectedRevision: 2n, position: 4n });
    await store.close();
  });

  it('opens a version-2 file (with the streams table) and migrates it to drop that table', async () => {
    const file = path.join(dir, 'events.db');
    const v2 = new Database(file);
    v2.pragma('journal_mode = WAL');
    migrate(
      v2,
      loadMigrations().filter((m) => m.version <= 2),
    );
    expect(v2.pragma('user_version', { simple: true })).toBe(2);
    const insert = v2.prepare(
      'INSERT INTO events (position, event_id, stream_id, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const upsert = v2.prepare(
      'INSERT INTO streams (stream_id, revision) VALUES (?, ?) ON CONFLICT(stream_id) DO UPDATE SET revision = excluded.revision',
    );
    insert.run(1, 'old-1', 'school-1', 0, 'SchoolRegistered', '{"name":"一中"}', '{}');
    upsert.run('school-1', 0);
    insert.run(2, 'old-2', 'school-2', 0, 'SchoolRegistered', '{"name":"二中"}', '{}');
    upsert.run('school-2', 0);
    insert.run(3, 'old-3', 'school-1', 1, 'SchoolRenamed', '{"name":"长沙一中"}', '{}');
    upsert.run('school-1', 1);
    v2.close();

    const store = await SqliteEventStore.open({ dataDir: dir });
    expect(await store.streamRevision('school-1')).toBe(1n);
    expect(await store.streamRevision('school-2')).toBe(0n);
    expect(await store.streamRevision('school-3')).toBeUndefined();
    await expect(store.readStream('school-3')).rejects.toThrow();
    await expect(
      store.appendToStream('school-1', [ev('new')], { expectedRevision: 0n }),
    ).rejects.toMatchObject({ actual: 1n });
    const r = await store.appendToStream('school-1', [ev('new')], { expectedRevision: 1n });
    expect(r).toMatchObject({ nextExpectedRevision: 2n, position: 4n });
    await store.close();

    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect(
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all(),
    ).toEqual(['events']);
    db.close();
  });

  it('refuses a file from a newer version', async () => {
    const db = new Database(path.join(dir, 'events.db'));
    db.pragma('user_version = 99');
    db.close();
    await expect(SqliteEventStore.open({ dataDir: dir })).rejects.toBeInstanceOf(SchemaTooNewError);
  });

  it('its writer thread holds the process only while appends are committed: a store never closed does not keep it alive (ADR 0186)', async () => {
    const before = threadHolds();
    const store = await SqliteEventStore.open({ dataDir: dir });
    expect(threadHolds()).toBe(before);
    // Two appends in one turn share a batch, which goes to the writer thread (not inline).
    const appends = [store.appendToStream('s', [ev('a')]), store.appendToStream('t', [ev('b')])];
    await new Promise((r) => setImmediate(r));
    expect(threadHolds()).toBe(before + 1);
    await Promise.all(appends);
    expect(threadHolds()).toBe(before);
    await store.close();
    expect(threadHolds()).toBe(before);
  });

  it('subscriptions end with StoreClosedError when the store closes', async () => {
    const store = await SqliteEventStore.open({ dataDir: dir });
    await store.appendToStream('s', [ev('a')]);
    const seen = firstValueFrom(store.subscribeToAll().pipe(take(2), toArray()));
    await new Promise((r) => setImmediate(r));
    await store.close();
    await expect(seen).rejects.toBeInstanceOf(StoreClosedError);
  });

  it('a dead writer thread fails pending and later appends, and close still completes', async () => {
    const store = await SqliteEventStore.open({ dataDir: dir });
    await store.appendToStream('s', [ev('a')]);
    await (store as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(store.appendToStream('s', [ev('b')])).rejects.toThrow('writer thread exited');
    expect(await store.ping()).toBe(false);
    await store.close();
    const again = await SqliteEventStore.open({ dataDir: dir });
    expect(await again.headPosition()).toBe(1n);
    await again.close();
  });

  it('answers one batch of mixed outcomes in request order (flat wire format, ADR 0096)', async () => {
    const store = await SqliteEventStore.open({ dataDir: dir });
    await store.appendToStream('x', [ev('x0')]);
    // Issued in one turn: one batch, one transaction, one answer.
    const [many, wrong, empty, exact, exists] = await Promise.allSettled([
      store.appendToStream('m', [ev('m0'), ev('m1'), ev('m2')], { expectedRevision: 'no_stream' }),
      store.appendToStream('x', [ev('bad')], { expectedRevision: 5n }),
      store.appendToStream('m', [], { expectedRevision: 'stream_exists' }),
      store.appendToStream('x', [ev('x1')], { expectedRevision: 0n }),
      store.appendToStream('y', [ev('y0')], { expectedRevision: 'stream_exists' }),
    ]);
    expect(many).toEqual({
      status: 'fulfilled',
      value: {
        nextExpectedRevision: 2n,
        position: 4n,
        events: [
          { eventId: 'm0', revision: 0n, position: 2n },
          { eventId: 'm1', revision: 1n, position: 3n },
          { eventId: 'm2', revision: 2n, position: 4n },
        ],
      },
    });
    expect(wrong.status).toBe('rejected');
    expect((wrong as PromiseRejectedResult).reason).toMatchObject({
      name: 'WrongExpectedRevisionError',
      streamId: 'x',
      expected: 5n,
      actual: 0n,
    });
    expect(empty).toEqual({
      status: 'fulfilled',
      value: { nextExpectedRevision: 2n, position: 4n, events: [] },
    });
    expect(exact).toEqual({
      status: 'fulfilled',
      value: {
        nextExpectedRevision: 1n,
        position: 5n,
        events: [{ eventId: 'x1', revision: 1n, position: 5n }],
      },
    });
    expect((exists as PromiseRejectedResult).reason).toMatchObject({
      expected: 'stream_exists',
      actual: 'no_stream',
    });
    await store.close();
  });

  it('a replay of events first appended apart answers their original, non-consecutive positions', async () => {
    const store = await SqliteEventStore.open({ dataDir: dir });
    await store.appendToStream('s', [ev('a', { n: 1 })]);
    await store.appendToStream('other', [ev('o')]);
    await store.appendToStream('s', [ev('b', { n: 2 })]);
    const replay = await store.appendToStream('s', [ev('a', { n: 1 }), ev('b', { n: 2 })], {
      expectedRevision: 'no_stream',
    });
    expect(replay).toEqual({
      nextExpectedRevision: 1n,
      position: 3n,
      events: [
        { eventId: 'a', revision: 0n, position: 1n },
        { eventId: 'b', revision: 1n, position: 3n },
      ],
    });
    expect(await store.headPosition()).toBe(3n);
    await store.close();
  });

  it('accepts the synchronous setting', async () => {
    const store = await createEventStore({ kind: 'sqlite', dataDir: dir, synchronous: 'NORMAL' });
    expect((store as SqliteEventStore).synchronous).toBe('NORMAL');
    expect(await store.ping()).toBe(true);
    await store.close();
    expect(await store.ping()).toBe(false);
    await expect(
      createEventStore({ kind: 'sqlite', dataDir: dir, synchronous: 'SOMETIMES' as never }),
    ).rejects.toThrow('synchronous');
  });

  describe('a lone request on the main thread (inline path, ADR 0104)', () => {
    type Req = {
      stream: string;
      ids: string[];
      data: number;
      expected: bigint | 'any' | 'no_stream' | 'stream_exists';
    };
    /** Writer-thread messages posted so far: which path the appends took. */
    const postsOf = (store: SqliteEventStore) => {
      const worker = (store as unknown as { worker: { postMessage: (m: unknown) => void } }).worker;
      return jest.spyOn(worker, 'postMessage');
    };
    const outcome = (r: PromiseSettledResult<unknown>) =>
      r.status === 'fulfilled'
        ? r.value
        : { ...(r.reason as Error & Record<string, unknown>), name: (r.reason as Error).name };
    /** Runs steps (one request awaited alone, or several issued in one turn) and returns outcomes and the log. */
    const runScript = async (sub: string, inlineLoneAppends: boolean, steps: Req[][]) => {
      const store = await SqliteEventStore.open({ dataDir: path.join(dir, sub), inlineLoneAppends });
      const posts = postsOf(store);
      const outcomes: unknown[] = [];
      for (const step of steps) {
        const settled = await Promise.allSettled(
          step.map((r) =>
            store.appendToStream(
              r.stream,
              r.ids.map((id) => ev(id, { d: r.data })),
              { expectedRevision: r.expected },
            ),
          ),
        );
        outcomes.push(...settled.map(outcome));
      }
      const log = (await store.readAll()).map((e) => [e.position, e.streamId, e.revision, e.eventId, e.data]);
      const batches = posts.mock.calls.filter(([m]) => (m as { type: string }).type === 'batch').length;
      await store.close();
      return { outcomes, log, batches };
    };

    it('a lone append does not go through the writer thread; appends issued together still do', async () => {
      const r = await runScript('paths', true, [
        [{ stream: 'a', ids: ['1'], data: 0, expected: 'no_stream' }],
        [
          { stream: 'a', ids: ['2'], data: 0, expected: 0n },
          { stream: 'b', ids: ['3'], data: 0, expected: 'any' },
        ],
        [{ stream: 'b', ids: ['4', '5'], data: 0, expected: 0n }],
      ]);
      expect(r.batches).toBe(1);
      expect(r.log.map((row) => row.slice(0, 4))).toEqual([
        [1n, 'a', 0n, '1'],
        [2n, 'a', 1n, '2'],
        [3n, 'b', 0n, '3'],
        [4n, 'b', 1n, '4'],
        [5n, 'b', 2n, '5'],
      ]);
      const off = await runScript('paths-off', false, [
        [{ stream: 'a', ids: ['1'], data: 0, expected: 'any' }],
      ]);
      expect(off.batches).toBe(1);
    });

    it('inline commits and writer batches on the same streams: each sees the other (cached revisions dropped)', async () => {
      const r = await runScript('mixed', true, [
        // Writer batch: the writer caches a = 0, b = 0.
        [
          { stream: 'a', ids: ['a0'], data: 0, expected: 'no_stream' },
          { stream: 'b', ids: ['b0'], data: 0, expected: 'no_stream' },
        ],
        // Inline: a = 1 behind the writer's back.
        [{ stream: 'a', ids: ['a1'], data: 0, expected: 0n }],
        // Writer batch: must see a = 1 (stale a = 0 would refuse the first and accept the second).
        [
          { stream: 'a', ids: ['a2'], data: 0, expected: 1n },
          { stream: 'a', ids: ['x'], data: 0, expected: 0n },
        ],
        // Inline again: must see the writer's a = 2.
        [{ stream: 'a', ids: ['a3'], data: 0, expected: 2n }],
        // Replays of events written by the other path answer their original positions.
        [{ stream: 'a', ids: ['a2'], data: 0, expected: 'no_stream' }],
        [
          { stream: 'a', ids: ['a3'], data: 0, expected: 'no_stream' },
          { stream: 'b', ids: ['a1'], data: 0, expected: 'any' },
        ],
      ]);
      expect(r.outcomes.map((o) => (o as { name?: string }).name ?? 'ok')).toEqual([
        'ok',
        'ok',
        'ok',
        'ok',
        'WrongExpectedRevisionError',
        'ok',
        'ok',
        'ok',
        'EventIdConflictError',
      ]);
      expect(r.outcomes[4]).toMatchObject({ expected: 0n, actual: 2n });
      expect(r.outcomes[6]).toMatchObject({ position: 4n, nextExpectedRevision: 2n });
      expect(r.outcomes[7]).toMatchObject({ position: 5n, nextExpectedRevision: 3n });
      expect(r.log.map((row) => row[3])).toEqual(['a0', 'b0', 'a1', 'a2', 'a3']);
    });

    it('random scripts give the same outcomes and log through the inline path as through the writer thread alone (fast-check)', async () => {
      const req: fc.Arbitrary<Req> = fc.record({
        stream: fc.constantFrom('a', 'b', 'c'),
        // A small id pool: replays, conflicts and duplicates within a request happen often.
        ids: fc.array(fc.constantFrom('1', '2', '3', '4', '5', '6', '7', '8'), { maxLength: 3 }),
        data: fc.nat(1),
        expected: fc.constantFrom<Req['expected']>('any', 'no_stream', 'stream_exists', 0n, 1n, 2n, 3n),
      });
      // A step is one request awaited alone (inline) or 2–3 issued together (a writer batch).
      const script = fc.array(fc.array(req, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 12 });
      let run = 0;
      await fc.assert(
        fc.asyncProperty(script, async (steps) => {
          run++;
          const inline = await runScript(`p${run}-inline`, true, steps);
          const writer = await runScript(`p${run}-writer`, false, steps);
          expect(inline.outcomes).toEqual(writer.outcomes);
          expect(inline.log).toEqual(writer.log);
          expect(inline.batches).toBe(steps.filter((s) => s.length > 1).length);
        }),
        // Bounded (shrinking a failure opens two stores a step): a failure ends within the test's timeout.
        { numRuns: 20, interruptAfterTimeLimit: 40_000, markInterruptAsFailure: true },
      );
    }, 60_000);

    it('while commits are held off the event loop, lone appends go through the writer thread; released, inline again (ADR 0182)', async () => {
      const store = await SqliteEventStore.open({ dataDir: dir });
      const posts = postsOf(store);
      const batches = () => posts.mock.calls.filter(([m]) => (m as { type: string }).type === 'batch').length;
      await store.appendToStream('s', [ev('s0')]);
      expect(batches()).toBe(0);
      const first = store.commitOffTheEventLoop();
      const second = store.commitOffTheEventLoop(); // holds nest
      await store.appendToStream('s', [ev('s1')]);
      expect(batches()).toBe(1);
      first();
      first(); // a release counts once
      await store.appendToStream('s', [ev('s2')]);
      expect(batches()).toBe(2); // still held by the second
      second();
      await store.appendToStream('s', [ev('s3')]);
      expect(batches()).toBe(2);
      expect((await store.readAll()).map((e) => [e.eventId, e.revision])).toEqual([
        ['s0', 0n],
        ['s1', 1n],
        ['s2', 2n],
        ['s3', 3n],
      ]);
      await store.close();
    });

    it('a lone append that finds the write lock held by another connection goes to the writer thread, which waits for it', async () => {
      const store = await SqliteEventStore.open({ dataDir: dir });
      await store.appendToStream('s', [ev('s0')]);
      const posts = postsOf(store);
      const other = new Database(path.join(dir, 'events.db'));
      other.exec('BEGIN IMMEDIATE');
      other
        .prepare(
          'INSERT INTO events (position, event_id, stream_id, revision, type, data, metadata) VALUES (2, ?, ?, 1, ?, ?, ?)',
        )
        .run('o1', 's', 'T', '{}', '{}');
      const appended = store.appendToStream('s', [ev('s2')], { expectedRevision: 1n });
      // The inline attempt met SQLITE_BUSY at once (busy_timeout 0) and handed the request over.
      await new Promise((r) => setTimeout(r, 50));
      expect(posts.mock.calls.filter(([m]) => (m as { type: string }).type === 'batch')).toHaveLength(1);
      other.exec('COMMIT');
      other.close();
      expect(await appended).toEqual({
        nextExpectedRevision: 2n,
        position: 3n,
        events: [{ eventId: 's2', revision: 2n, position: 3n }],
      });
      // And the inline path, free again, sees what the writer committed.
      expect((await store.appendToStream('s', [ev('s3')], { expectedRevision: 2n })).position).toBe(4n);
      expect(posts.mock.calls.filter(([m]) => (m as { type: string }).type === 'batch')).toHaveLength(1);
      await store.close();
    });
  });
});
