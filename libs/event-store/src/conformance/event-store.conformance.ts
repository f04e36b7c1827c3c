import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as fc from 'fast-check';
import { filter, firstValueFrom, take, toArray } from 'rxjs';
import { EventIdConflictError, StreamNotFoundError, WrongExpectedRevisionError } from '../errors';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  StoredEvent,
} from '../event-store.port';

/**
 * One conformance suite for every adapter (ADR 0001). It never assumes an empty store or
 * contiguous positions: every test writes to streams under a fresh prefix, and global-log checks
 * read after the head observed before writing (EventStoreDB's positions are commit positions).
 */
export type EventStoreFactory = () => Promise<EventStore>;

function ev(
  eventId: string = randomUUID(),
  data: Record<string, string | number> = {},
  type = 'TestEvent',
): EventToAppend {
  return { eventId, type, data: { ...data }, metadata: { actor: 'conformance' } };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection, got success');
}

export interface ConformanceOptions {
  /** Whether the adapter can run (false: the suite is reported as skipped, with the reason in its title). */
  readonly enabled?: boolean;
  readonly skipReason?: string;
  /**
   * Whether a used event id is refused in ANOTHER stream. SQLite: yes (a unique index).
   * EventStoreDB checks idempotency per stream only, so its adapter passes false (ADR 0001).
   */
  readonly eventIdsUniqueAcrossStreams?: boolean;
  /**
   * Whether `readStream` carries global positions. EventStoreDB versions that do not know them on
   * stream reads report `UNKNOWN_POSITION` (-1n) there (ADR 0003); SQLite always does.
   */
  readonly streamReadsCarryPositions?: boolean;
}

export function describeEventStoreConformance(
  name: string,
  factory: EventStoreFactory,
  options: ConformanceOptions = {},
): void {
  const enabled = options.enabled ?? true;
  // A variable, not a direct `describe.skip(...)` call: the lint rule forbids the latter, and Jest
  // still reports every test below as skipped, with the reason in the suite's title.
  const describeFn = enabled ? describe : describe.skip;
  const title = enabled
    ? `EventStore conformance: ${name}`
    : `EventStore conformance: ${name} (skipped: ${options.skipReason ?? 'not configured'})`;
  const acrossStreams = options.eventIdsUniqueAcrossStreams ?? true;
  const streamPositions = options.streamReadsCarryPositions ?? true;
  describeFn(title, () => {
    let store: EventStore;
    let prefix: string;
    let n = 0;
    const stream = (label = 's'): string => `${prefix}-${label}-${++n}`;

    beforeAll(async () => {
      store = await factory();
      prefix = `conf${randomUUID().slice(0, 8)}`;
    });
    afterAll(async () => {
      await store?.close();
    });

    describe('expected revision', () => {
      it("'no_stream' succeeds on a new stream and fails on an existing one, carrying expected and actual", async () => {
        const s = stream();
        const r = await store.appendToStream(s, [ev(), ev()], { expectedRevision: 'no_stream' });
        expect(r.nextExpectedRevision).toBe(1n);
        expect(r.events.map((e) => e.revision)).toEqual([0n, 1n]);
        const err = await rejection(store.appendToStream(s, [ev()], { expectedRevision: 'no_stream' }));
        expect(err).toBeInstanceOf(WrongExpectedRevisionError);
        expect(err).toMatchObject({ streamId: s, expected: 'no_stream', actual: 1n });
      });

      it("'stream_exists' succeeds on an existing stream and fails on a missing one with actual 'no_stream'", async () => {
        const s = stream();
        const err = await rejection(store.appendToStream(s, [ev()], { expectedRevision: 'stream_exists' }));
        expect(err).toBeInstanceOf(WrongExpectedRevisionError);
        expect(err).toMatchObject({ streamId: s, expected: 'stream_exists', actual: 'no_stream' });
        await store.appendToStream(s, [ev()]);
        const r = await store.appendToStream(s, [ev()], { expectedRevision: 'stream_exists' });
        expect(r.nextExpectedRevision).toBe(1n);
      });

      it('an exact revision succeeds when it is the last revision and fails otherwise', async () => {
        const s = stream();
        await store.appendToStream(s, [ev(), ev()]);
        const r = await store.appendToStream(s, [ev()], { expectedRevision: 1n });
        expect(r.nextExpectedRevision).toBe(2n);
        const stale = await rejection(store.appendToStream(s, [ev()], { expectedRevision: 1n }));
        expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
        expect(stale).toMatchObject({ streamId: s, expected: 1n, actual: 2n });
        const missing = await rejection(store.appendToStream(stream(), [ev()], { expectedRevision: 0n }));
        expect(missing).toMatchObject({ expected: 0n, actual: 'no_stream' });
      });

      it("'any' (the default) succeeds whether or not the stream exists", async () => {
        const s = stream();
        expect(
          (await store.appendToStream(s, [ev()], { expectedRevision: 'any' })).nextExpectedRevision,
        ).toBe(0n);
        expect((await store.appendToStream(s, [ev()])).nextExpectedRevision).toBe(1n);
      });

      it('a failed append writes nothing', async () => {
        const s = stream();
        await store.appendToStream(s, [ev()]);
        await rejection(store.appendToStream(s, [ev(), ev()], { expectedRevision: 5n }));
        expect(await store.streamRevision(s)).toBe(0n);
        expect(await store.readStream(s)).toHaveLength(1);
      });
    });

    describe('idempotency', () => {
      it('re-appending the same event ids returns the original result and writes nothing', async () => {
        const s = stream();
        const events = [ev(randomUUID(), { a: 1 }), ev(randomUUID(), { b: 2 })];
        const first = await store.appendToStream(s, events, { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        const again = await store.appendToStream(s, events, { expectedRevision: 'no_stream' });
        expect(again).toEqual(first);
        const third = await store.appendToStream(s, events);
        expect(third).toEqual(first);
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream(s)).toHaveLength(2);
      });

      it('a used event id with a different payload is an EventIdConflictError', async () => {
        const s = stream();
        const id = randomUUID();
        await store.appendToStream(s, [ev(id, { amount: 1 })]);
        const err = await rejection(store.appendToStream(s, [ev(id, { amount: 2 })]));
        expect(err).toBeInstanceOf(EventIdConflictError);
        expect(err).toMatchObject({ eventId: id });
        if (acrossStreams) {
          const elsewhere = await rejection(store.appendToStream(stream(), [ev(id, { amount: 1 })]));
          expect(elsewhere).toBeInstanceOf(EventIdConflictError);
        }
        expect(await store.readStream(s)).toHaveLength(1);
      });
    });

    describe('reading a stream', () => {
      let s: string;
      beforeAll(async () => {
        s = stream('read');
        await store.appendToStream(
          s,
          Array.from({ length: 6 }, (_, i) => ev(randomUUID(), { i })),
        );
      });

      it('reads forwards from a revision with a maximum count', async () => {
        const all = await store.readStream(s);
        expect(all.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n, 5n]);
        expect(all.map((e) => e.data)).toEqual([0, 1, 2, 3, 4, 5].map((i) => ({ i })));
        expect(all[0]).toMatchObject({ streamId: s, type: 'TestEvent', metadata: { actor: 'conformance' } });
        const part = await store.readStream(s, { fromRevision: 2n, maxCount: 3 });
        expect(part.map((e) => e.revision)).toEqual([2n, 3n, 4n]);
        expect(await store.readStream(s, { fromRevision: 10n })).toEqual([]);
      });

      it('reads backwards from a revision with a maximum count', async () => {
        expect((await store.readStream(s, { direction: 'backwards' })).map((e) => e.revision)).toEqual([
          5n,
          4n,
          3n,
          2n,
          1n,
          0n,
        ]);
        const part = await store.readStream(s, { direction: 'backwards', fromRevision: 3n, maxCount: 2 });
        expect(part.map((e) => e.revision)).toEqual([3n, 2n]);
      });

      it('positions increase with revisions', async () => {
        const all = await store.readStream(s);
        const global = (await store.readAll()).filter((e) => e.streamId === s);
        expect(global.map((e) => e.revision)).toEqual(all.map((e) => e.revision));
        for (let i = 1; i < global.length; i++)
          expect(global[i].position > global[i - 1].position).toBe(true);
        if (streamPositions) expect(all.map((e) => e.position)).toEqual(global.map((e) => e.position));
      });

      it('a stream without events is StreamNotFoundError, and has no revision', async () => {
        const missing = stream('missing');
        const err = await rejection(store.readStream(missing));
        expect(err).toBeInstanceOf(StreamNotFoundError);
        expect(err).toMatchObject({ streamId: missing });
        await expect(store.readStream(missing, { direction: 'backwards' })).rejects.toBeInstanceOf(
          StreamNotFoundError,
        );
        expect(await store.streamRevision(missing)).toBeUndefined();
        expect(await store.streamRevision(s)).toBe(5n);
      });
    });

    describe('the global log', () => {
      it('readAll returns events after an exclusive position, in commit order, at most maxCount', async () => {
        const h0 = await store.headPosition();
        const a = stream('all');
        const b = stream('all');
        const r1 = await store.appendToStream(a, [ev(), ev()]);
        const r2 = await store.appendToStream(b, [ev()]);
        const r3 = await store.appendToStream(a, [ev()]);
        const ids = [...r1.events, ...r2.events, ...r3.events].map((e) => e.eventId);
        const read = (await store.readAll({ after: h0 })).filter((e) => e.streamId.startsWith(prefix));
        expect(read.map((e) => e.eventId)).toEqual(ids);
        const two = await store.readAll({ after: h0, maxCount: 2 });
        expect(two.map((e) => e.eventId)).toEqual(ids.slice(0, 2));
        const afterFirst = await store.readAll({ after: r1.events[0].position, maxCount: 1 });
        expect(afterFirst.map((e) => e.eventId)).toEqual([ids[1]]);
        expect(await store.readAll({ after: r3.position })).toEqual([]);
      });

      it('readAll with types returns only those types, in commit order, maxCount counting them (ADR 0148)', async () => {
        const h0 = await store.headPosition();
        const kept = `Kept${randomUUID().slice(0, 8)}`;
        const also = `Also${randomUUID().slice(0, 8)}`;
        const r = await store.appendToStream(stream('typed'), [
          ev(undefined, { n: 1 }, kept),
          ev(),
          ev(undefined, { n: 2 }, also),
          ev(),
          ev(),
          ev(undefined, { n: 3 }, kept),
        ]);
        const ids = r.events.map((e) => e.eventId);
        const typed = await store.readAll({ after: h0, types: [kept, also] });
        expect(typed.map((e) => e.eventId)).toEqual([ids[0], ids[2], ids[5]]);
        expect(typed.map((e) => [e.type, e.data, e.position])).toEqual([
          [kept, { n: 1 }, r.events[0].position],
          [also, { n: 2 }, r.events[2].position],
          [kept, { n: 3 }, r.events[5].position],
        ]);
        const page = await store.readAll({ after: h0, types: [kept, also], maxCount: 2 });
        expect(page.map((e) => e.eventId)).toEqual([ids[0], ids[2]]);
        const rest = await store.readAll({ after: page[1].position, types: [kept], maxCount: 5 });
        expect(rest.map((e) => e.eventId)).toEqual([ids[5]]);
        expect(await store.readAll({ after: h0, types: [] })).toEqual([]);
        expect(await store.readAll({ after: h0, types: [`None${randomUUID().slice(0, 8)}`] })).toEqual([]);
      });

      it('headPosition is the position of the last event appended', async () => {
        const r = await store.appendToStream(stream(), [ev(), ev(), ev()]);
        expect(r.position).toBe(r.events[2].position);
        expect(await store.headPosition()).toBe(r.position);
      });

      it('findEvent returns a stored event by id, or undefined', async () => {
        const s = stream();
        const id = randomUUID();
        const r = await store.appendToStream(s, [ev(), ev(id, { x: 'found' })]);
        const found = await store.findEvent(id);
        expect(found).toEqual({
          eventId: id,
          streamId: s,
          revision: 1n,
          position: r.position,
          type: 'TestEvent',
          data: { x: 'found' },
          metadata: { actor: 'conformance' },
        });
        expect(await store.findEvent(randomUUID())).toBeUndefined();
      });

      it('ping answers true while open', async () => {
        expect(await store.ping()).toBe(true);
      });
    });

    describe('concurrency', () => {
      it('concurrent appenders racing on one stream: exactly one wins each revision', async () => {
        const s = stream('race');
        await store.appendToStream(s, [ev()], { expectedRevision: 'no_stream' });
        for (let round = 0; round < 4; round++) {
          const expected = BigInt(round);
          const outcomes = await Promise.allSettled(
            Array.from({ length: 8 }, () => store.appendToStream(s, [ev()], { expectedRevision: expected })),
          );
          const won = outcomes.filter((o) => o.status === 'fulfilled');
          const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
          expect(won).toHaveLength(1);
          expect(lost).toHaveLength(7);
          for (const l of lost) expect(l.reason).toMatchObject({ expected, actual: expected + 1n });
        }
        expect(await store.streamRevision(s)).toBe(4n);
      });

      it('group commit isolation: one appender’s conflict does not fail the others issued with it', async () => {
        const x = stream('iso');
        const y = stream('iso');
        const usedId = randomUUID();
        await store.appendToStream(x, [ev(usedId, { v: 1 })]);
        // All issued in the same event-loop turn, so a group-committing adapter puts them in one batch.
        const results = await Promise.allSettled([
          store.appendToStream(x, [ev()], { expectedRevision: 7n }),
          store.appendToStream(y, [ev(), ev()], { expectedRevision: 'no_stream' }),
          store.appendToStream(x, [ev(usedId, { v: 2 })]),
          store.appendToStream(x, [ev()], { expectedRevision: 0n }),
          store.appendToStream(y, [ev()], { expectedRevision: 'no_stream' }),
        ]);
        expect(results.map((r) => r.status)).toEqual([
          'rejected',
          'fulfilled',
          'rejected',
          'fulfilled',
          'rejected',
        ]);
        expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(EventIdConflictError);
        expect((results[4] as PromiseRejectedResult).reason).toMatchObject({
          expected: 'no_stream',
          actual: 1n,
        });
        expect((results[1] as PromiseFulfilledResult<AppendResult>).value.nextExpectedRevision).toBe(1n);
        expect((results[3] as PromiseFulfilledResult<AppendResult>).value.nextExpectedRevision).toBe(1n);
        expect((await store.readStream(x)).map((e) => e.data)).toEqual([{ v: 1 }, {}]);
        expect(await store.readStream(y)).toHaveLength(2);
      });

      it('random append/read sequences agree with a simple model (fast-check)', async () => {
        type Op =
          | {
              kind: 'append';
              stream: number;
              count: number;
              expect: 'any' | 'no_stream' | 'stream_exists' | 'exact' | 'stale';
              replay: boolean;
            }
          | { kind: 'read'; stream: number; backwards: boolean; from: number; max: number }
          | { kind: 'readAll'; max: number };
        const op: fc.Arbitrary<Op> = fc.oneof(
          fc.record({
            kind: fc.constant('append' as const),
            stream: fc.nat(2),
            count: fc.integer({ min: 1, max: 3 }),
            expect: fc.constantFrom(
              'any' as const,
              'no_stream' as const,
              'stream_exists' as const,
              'exact' as const,
              'stale' as const,
            ),
            replay: fc.boolean(),
          }),
          fc.record({
            kind: fc.constant('read' as const),
            stream: fc.nat(2),
            backwards: fc.boolean(),
            from: fc.nat(5),
            max: fc.integer({ min: 1, max: 6 }),
          }),
          fc.record({ kind: fc.constant('readAll' as const), max: fc.integer({ min: 1, max: 10 }) }),
        );
        await fc.assert(
          fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
            const names = [stream('prop'), stream('prop'), stream('prop')];
            const model: string[][] = [[], [], []];
            const global: string[] = [];
            const h0 = await store.headPosition();
            let lastBatch: { stream: number; events: EventToAppend[] } | undefined;
            for (const o of ops) {
              if (o.kind === 'append') {
                const reuse = o.replay && lastBatch !== undefined;
                const target = reuse ? lastBatch!.stream : o.stream;
                const events = reuse
                  ? lastBatch!.events
                  : Array.from({ length: o.count }, () => ev(randomUUID(), { n: o.count }));
                const expectedRevision: ExpectedRevision =
                  o.expect === 'exact'
                    ? BigInt(model[target].length - 1)
                    : o.expect === 'stale'
                      ? BigInt(model[target].length + 3)
                      : o.expect;
                const isReplay = reuse && model[target].includes(events[0].eventId);
                const cur = model[target].length - 1;
                const holds =
                  expectedRevision === 'any' ||
                  (expectedRevision === 'no_stream' && cur < 0) ||
                  (expectedRevision === 'stream_exists' && cur >= 0) ||
                  (typeof expectedRevision === 'bigint' &&
                    BigInt(cur) === expectedRevision &&
                    expectedRevision >= 0n);
                const outcome = await store.appendToStream(names[target], events, { expectedRevision }).then(
                  (r) => ({ ok: true as const, r }),
                  (e: unknown) => ({ ok: false as const, e }),
                );
                if (isReplay || holds) {
                  expect(outcome.ok).toBe(true);
                  if (!isReplay) {
                    model[target].push(...events.map((e) => e.eventId));
                    global.push(...events.map((e) => e.eventId));
                  }
                  lastBatch = { stream: target, events };
                } else {
                  expect(outcome.ok).toBe(false);
                  if (!outcome.ok) expect(outcome.e).toBeInstanceOf(WrongExpectedRevisionError);
                }
              } else if (o.kind === 'read') {
                const list = model[o.stream];
                if (list.length === 0) {
                  await expect(store.readStream(names[o.stream])).rejects.toBeInstanceOf(StreamNotFoundError);
                  continue;
                }
                const got = await store.readStream(names[o.stream], {
                  direction: o.backwards ? 'backwards' : 'forwards',
                  fromRevision: BigInt(o.from),
                  maxCount: o.max,
                });
                const want = o.backwards
                  ? list
                      .slice(0, o.from + 1)
                      .reverse()
                      .slice(0, o.max)
                  : list.slice(o.from, o.from + o.max);
                expect(got.map((e) => e.eventId)).toEqual(want);
              } else {
                const got = (await store.readAll({ after: h0 })).filter((e) => names.includes(e.streamId));
                expect(got.map((e) => e.eventId)).toEqual(global);
                const page = await store.readAll({ after: h0, maxCount: o.max });
                expect(page.filter((e) => names.includes(e.streamId)).map((e) => e.eventId)).toEqual(
                  global.slice(0, o.max).slice(0, page.length),
                );
              }
            }
          }),
          { numRuns: 25 },
        );
      });
    });

    describe('subscribeToAll', () => {
      it('delivers every event exactly once, in order, across the catch-up/live hand-over under concurrent appends', async () => {
        const h0 = await store.headPosition();
        const streams = [stream('sub'), stream('sub'), stream('sub')];
        const expected: string[] = [];
        // Already committed before subscribing: the catch-up part.
        for (let i = 0; i < 30; i++) {
          const r = await store.appendToStream(streams[i % 3], [ev()]);
          expected.push(r.events[0].eventId);
        }
        const total = 30 + 3 * 40;
        const ours = (e: StoredEvent): boolean => streams.includes(e.streamId);
        const received = firstValueFrom(
          store.subscribeToAll({ after: h0 }).pipe(filter(ours), take(total), toArray()),
        );
        // Appended concurrently while the subscription catches up and goes live.
        const writers = streams.map(async (s) => {
          const ids: string[] = [];
          for (let i = 0; i < 40; i++) {
            const r = await store.appendToStream(s, [ev()]);
            ids.push(r.events[0].eventId);
          }
          return ids;
        });
        const written = (await Promise.all(writers)).flat();
        const got = await received;
        expect(got).toHaveLength(total);
        expect(new Set(got.map((e) => e.eventId)).size).toBe(total);
        for (let i = 1; i < got.length; i++) expect(got[i].position > got[i - 1].position).toBe(true);
        expect(got.slice(0, 30).map((e) => e.eventId)).toEqual(expected);
        expect(new Set(got.map((e) => e.eventId))).toEqual(new Set([...expected, ...written]));
        // Order equals the global log's order.
        const log = (await store.readAll({ after: h0 })).filter(ours);
        expect(got.map((e) => e.eventId)).toEqual(log.map((e) => e.eventId));
      });

      it('starts after an exclusive position', async () => {
        const s = stream('subfrom');
        const r = await store.appendToStream(s, [ev(), ev(), ev()]);
        const got = await firstValueFrom(
          store.subscribeToAll({ after: r.events[0].position }).pipe(
            filter((e) => e.streamId === s),
            take(2),
            toArray(),
          ),
        );
        expect(got.map((e) => e.revision)).toEqual([1n, 2n]);
      });

      it('unsubscribing stops delivery', async () => {
        const s = stream('unsub');
        const h0 = await store.headPosition();
        const seen: StoredEvent[] = [];
        let resolveFirst: () => void = () => undefined;
        const first = new Promise<void>((r) => (resolveFirst = r));
        const sub = store.subscribeToAll({ after: h0 }).subscribe((e) => {
          if (e.streamId !== s) return;
          seen.push(e);
          resolveFirst();
        });
        await store.appendToStream(s, [ev()]);
        await first;
        sub.unsubscribe();
        await store.appendToStream(s, [ev(), ev()]);
        // A second subscription sees the later events, so they were published; the first did not get them.
        const later = await firstValueFrom(
          store.subscribeToAll({ after: h0 }).pipe(
            filter((e) => e.streamId === s),
            take(3),
            toArray(),
          ),
        );
        expect(later).toHaveLength(3);
        expect(seen).toHaveLength(1);
      });
    });
  });
}
