import { EventEmitter } from 'node:events';
import {
  NO_STREAM,
  START,
  StreamNotFoundError as EsdbStreamNotFoundError,
  WrongExpectedVersionError,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { firstValueFrom, take, toArray } from 'rxjs';
import { StreamNotFoundError, WrongExpectedRevisionError } from '../errors';
import type { StoredEvent } from '../event-store.port';
import { EventStoreDbEventStore } from './eventstoredb-event-store.adapter';

// The EventStoreDB adapter against a scripted stand-in for the client: the behaviours that need
// no server (resubscription, errors raised while iterating, error mapping).
class FakeSubscription extends EventEmitter {
  unsubscribed = false;
  async unsubscribe(): Promise<void> {
    this.unsubscribed = true;
  }
}

function resolved(commit: bigint, id = `e${commit}`, streamId = 'school-1', type = 'T') {
  return {
    event: {
      streamId,
      id,
      isJson: true,
      revision: commit / 10n,
      type,
      created: new Date(0),
      data: { commit: Number(commit) },
      metadata: {},
      position: { commit, prepare: commit },
    },
    commitPosition: commit,
  };
}

async function* failing(err: Error): AsyncGenerator<never> {
  yield* [];
  throw err;
}

function fakeClient() {
  const subscriptions: FakeSubscription[] = [];
  const subscribeCalls: Array<{ fromPosition: unknown; filter?: unknown }> = [];
  const client = {
    subscribeToAll: (options: { fromPosition: unknown; filter?: unknown }) => {
      subscribeCalls.push(options);
      const s = new FakeSubscription();
      subscriptions.push(s);
      return s;
    },
    readStream: jest.fn((_name: string) => failing(new EsdbStreamNotFoundError(undefined, 'school-9'))),
    readAll: jest.fn((_options: { fromPosition: unknown }): AsyncIterable<unknown> =>
      failing(new Error('no log')),
    ),
    appendToStream: jest.fn(async () => {
      throw new WrongExpectedVersionError(undefined, {
        streamName: 'school-9',
        expected: 3n,
        current: NO_STREAM,
      });
    }),
    dispose: jest.fn(async () => undefined),
  };
  return { client: client as unknown as EventStoreDBClient, subscriptions, subscribeCalls, raw: client };
}

const until = async (check: () => boolean): Promise<void> => {
  while (!check()) await new Promise((r) => setImmediate(r));
};

describe('EventStoreDbEventStore with a scripted client', () => {
  it('resubscribes from the last delivered position after a drop, without duplicates, with a system-event filter', async () => {
    const fake = fakeClient();
    const store = new EventStoreDbEventStore(fake.client, { initialBackoffMs: 1, maxBackoffMs: 4 });
    const got = firstValueFrom(store.subscribeToAll().pipe(take(4), toArray()));
    expect(fake.subscribeCalls[0].fromPosition).toBe(START);
    expect(fake.subscribeCalls[0].filter).toBeDefined();
    fake.subscriptions[0].emit('data', resolved(10n));
    fake.subscriptions[0].emit('data', resolved(20n));
    fake.subscriptions[0].emit('data', resolved(25n, 'sys', '$stats'));
    fake.subscriptions[0].emit('error', new Error('connection reset'));
    await until(() => fake.subscriptions.length === 2);
    expect(fake.subscribeCalls[1].fromPosition).toEqual({ commit: 20n, prepare: 20n });
    fake.subscriptions[1].emit('data', resolved(20n)); // the server may repeat the resume point
    fake.subscriptions[1].emit('data', resolved(30n));
    fake.subscriptions[1].emit('end');
    await until(() => fake.subscriptions.length === 3);
    expect(fake.subscribeCalls[2].fromPosition).toEqual({ commit: 30n, prepare: 30n });
    fake.subscriptions[2].emit('data', resolved(40n));
    const events: StoredEvent[] = await got;
    expect(events.map((e) => e.position)).toEqual([10n, 20n, 30n, 40n]);
    await until(() => fake.subscriptions[2].unsubscribed);
    await store.close();
    expect(fake.raw.dispose).toHaveBeenCalled();
  });

  it('gives up after maxRetries consecutive failed resubscriptions', async () => {
    const fake = fakeClient();
    const store = new EventStoreDbEventStore(fake.client, {
      initialBackoffMs: 1,
      maxBackoffMs: 2,
      maxRetries: 2,
    });
    const done = firstValueFrom(store.subscribeToAll({ after: 5n }));
    expect(fake.subscribeCalls[0].fromPosition).toEqual({ commit: 5n, prepare: 5n });
    for (let i = 0; i < 3; i++) {
      await until(() => fake.subscriptions.length === i + 1);
      fake.subscriptions[i].emit('error', new Error(`down ${i}`));
    }
    await expect(done).rejects.toThrow('down 2');
    expect(fake.subscriptions).toHaveLength(3);
  });

  it('readAll keeps only the types asked for (filtered on our side), after the position given, up to maxCount, without system events', async () => {
    const fake = fakeClient();
    const log = [
      resolved(10n, 'a', 'school-1', 'SchoolRegistered'),
      resolved(20n, 'b', 'group-1', 'GroupFormed'),
      resolved(25n, 'sys', '$stats-127.0.0.1:2113', '$statsCollected'),
      resolved(30n, 'c', 'school-2', 'SchoolRegistered'),
      resolved(40n, 'd', 'group-1', 'JointExamHeld'),
    ];
    fake.raw.readAll.mockImplementation(({ fromPosition }) =>
      (async function* () {
        // The server answers from the position asked for, that event included.
        const from = fromPosition === START ? 0n : (fromPosition as { commit: bigint }).commit;
        for (const r of log) if (r.commitPosition >= from) yield r;
      })(),
    );
    const store = new EventStoreDbEventStore(fake.client);
    const ids = (events: StoredEvent[]) => events.map((e) => e.eventId);
    expect(ids(await store.readAll())).toEqual(['a', 'b', 'c', 'd']);
    expect(ids(await store.readAll({ types: ['SchoolRegistered', 'JointExamHeld'] }))).toEqual([
      'a',
      'c',
      'd',
    ]);
    expect(ids(await store.readAll({ after: 20n, types: ['SchoolRegistered', 'GroupFormed'] }))).toEqual([
      'c',
    ]);
    expect(ids(await store.readAll({ types: ['SchoolRegistered', 'JointExamHeld'], maxCount: 2 }))).toEqual([
      'a',
      'c',
    ]);
    expect(ids(await store.readAll({ types: ['$statsCollected'] }))).toEqual([]); // system events never
    const reads = fake.raw.readAll.mock.calls.length;
    expect(await store.readAll({ types: [] })).toEqual([]); // no type: nothing read
    expect(fake.raw.readAll.mock.calls.length).toBe(reads);
  });

  it('maps StreamNotFoundError raised while iterating, and WrongExpectedVersionError on append', async () => {
    const fake = fakeClient();
    const store = new EventStoreDbEventStore(fake.client);
    await expect(store.readStream('school-9')).rejects.toBeInstanceOf(StreamNotFoundError);
    expect(await store.streamRevision('school-9')).toBeUndefined();
    const err = await store
      .appendToStream('school-9', [{ eventId: 'x', type: 'T', data: {}, metadata: {} }], {
        expectedRevision: 3n,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WrongExpectedRevisionError);
    expect(err).toMatchObject({ streamId: 'school-9', expected: 3n, actual: 'no_stream' });
  });
});
