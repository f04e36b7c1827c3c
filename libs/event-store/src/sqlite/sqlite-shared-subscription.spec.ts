import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { firstValueFrom, take, toArray, type Subscription } from 'rxjs';
import type { StoredEvent } from '../event-store.port';
import { SqliteEventStore } from './sqlite-event-store.adapter';

/** Subscriptions that pump from the same position share one read of the page (ADR 0125). */
describe('SqliteEventStore subscriptions: one shared read per commit', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-es-shared-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const ev = (eventId: string) => ({ eventId, type: 'T', data: { id: eventId }, metadata: {} });
  let seq = 0;
  const appendN = async (store: SqliteEventStore, n: number) => {
    const batch = Array.from({ length: n }, () => ev(`e-${++seq}`));
    await store.appendToStream(`s-${seq}`, batch);
  };
  /** Collects what a subscription delivers, until unsubscribed. */
  const follow = (store: SqliteEventStore, after: bigint) => {
    const got: StoredEvent[] = [];
    let error: unknown;
    const sub: Subscription = store.subscribeToAll({ after }).subscribe({
      next: (e) => got.push(e),
      error: (err: unknown) => (error = err),
    });
    return { got, sub, after, error: () => error };
  };
  const settled = async (store: SqliteEventStore, followers: Array<ReturnType<typeof follow>>) => {
    const head = await store.headPosition();
    // A few turns first: a new subscription's first read runs in an immediate.
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
    for (let i = 0; i < 2000; i++) {
      if (followers.every((f) => (f.got.at(-1)?.position ?? f.after) >= head || f.after >= head)) return;
      await new Promise((r) => setImmediate(r));
    }
  };
  /** Exactly the positions after `after` up to `head`, in order: no gap, no duplicate. */
  const expectExactly = (f: ReturnType<typeof follow>, head: bigint) => {
    const positions = f.got.map((e) => e.position);
    const want: bigint[] = [];
    for (let p = f.after + 1n; p <= head; p++) want.push(p);
    expect(positions).toEqual(want);
    expect(f.error()).toBeUndefined();
  };

  it('reads a commit once for two subscriptions at the same position, and each still gets every event', async () => {
    // No idle poll during the test: only the commit wakes the subscriptions.
    const store = await SqliteEventStore.open({ dataDir: dir, pollIntervalMs: 60_000 });
    await appendN(store, 3);
    const a = follow(store, 3n);
    const b = follow(store, 3n);
    await settled(store, [a, b]);
    const reads = jest.spyOn(store as unknown as { readAllSync: (a: bigint, m: number) => StoredEvent[] }, 'readAllSync');
    await appendN(store, 2);
    await settled(store, [a, b]);
    expect(reads).toHaveBeenCalledTimes(1);
    expectExactly(a, 5n);
    expectExactly(b, 5n);
    expect(a.got[0]).toBe(b.got[0]);
    a.sub.unsubscribe();
    b.sub.unsubscribe();
    await store.close();
  });

  it('subscriptions at different positions, a late one and one that leaves each get exactly their events, across catch-up pages', async () => {
    const store = await SqliteEventStore.open({ dataDir: dir });
    await appendN(store, 700);
    await appendN(store, 600); // more than one catch-up page (500) behind the start
    const early = follow(store, 0n);
    const middle = follow(store, 650n);
    const same = follow(store, 650n);
    const leaving = follow(store, 1300n);
    await appendN(store, 1);
    await appendN(store, 4);
    leaving.sub.unsubscribe();
    const late = follow(store, await store.headPosition());
    await Promise.all([appendN(store, 2), appendN(store, 3), appendN(store, 1)]);
    await settled(store, [early, middle, same, late]);
    const head = await store.headPosition();
    expect(head).toBe(1311n);
    for (const f of [early, middle, same, late]) expectExactly(f, head);
    // The one that left got a prefix of its events and nothing after it left.
    expect(leaving.got.map((e) => e.position)).toEqual(
      Array.from({ length: leaving.got.length }, (_, i) => 1301n + BigInt(i)),
    );
    expect(leaving.got.length).toBeLessThanOrEqual(5);
    for (const f of [early, middle, same, late]) f.sub.unsubscribe();
    await store.close();
  });

  it('random scripts of appends, subscriptions and unsubscriptions: every live subscription gets exactly (after, head]', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('append' as const), n: fc.integer({ min: 1, max: 4 }), together: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant('subscribe' as const), back: fc.integer({ min: 0, max: 6 }) }),
      fc.record({ kind: fc.constant('unsubscribe' as const), which: fc.nat() }),
      fc.record({ kind: fc.constant('turn' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (script) => {
        const sub = fs.mkdtempSync(path.join(dir, 'run-'));
        const store = await SqliteEventStore.open({ dataDir: sub });
        const live: Array<ReturnType<typeof follow>> = [];
        const pending: Array<Promise<unknown>> = [];
        for (const step of script) {
          if (step.kind === 'append') {
            for (let i = 0; i < step.together; i++) pending.push(appendN(store, step.n));
          } else if (step.kind === 'subscribe') {
            const head = await store.headPosition();
            const after = head - BigInt(Math.min(step.back, Number(head)));
            live.push(follow(store, after));
          } else if (step.kind === 'unsubscribe') {
            if (live.length > 0) live.splice(step.which % live.length, 1)[0].sub.unsubscribe();
          } else {
            await new Promise((r) => setImmediate(r));
          }
        }
        await Promise.all(pending);
        await settled(store, live);
        const head = await store.headPosition();
        for (const f of live) expectExactly(f, head);
        for (const f of live) f.sub.unsubscribe();
        await store.close();
      }),
      { numRuns: 20 },
    );
  }, 60_000);

  it('a subscription opened after the shared page was read still sees a commit made since', async () => {
    const store = await SqliteEventStore.open({ dataDir: dir });
    await appendN(store, 1);
    const a = follow(store, 1n);
    await new Promise((r) => setImmediate(r));
    const appended = appendN(store, 1);
    const seen = firstValueFrom(store.subscribeToAll({ after: 1n }).pipe(take(1), toArray()));
    await appended;
    expect((await seen).map((e) => e.position)).toEqual([2n]);
    await settled(store, [a]);
    expectExactly(a, 2n);
    a.sub.unsubscribe();
    await store.close();
  });
});
