import { EventIdConflictError } from '../errors';
import { describeEventStoreConformance } from '../conformance/event-store.conformance';
import type { EventToAppend } from '../event-store.port';
import { InMemoryEventStore } from './in-memory-event-store';

// The double the specs run on keeps the port's contract, as the real adapters do.
describeEventStoreConformance('in-memory (the specs’ double)', async () => new InMemoryEventStore());

// What the embedded store also refuses (sqlite-event-store.spec.ts), beyond the shared suite.
describe('in-memory double: used ids as the embedded store judges them', () => {
  const ev = (eventId: string, n = 0): EventToAppend => ({
    eventId,
    type: 'T',
    data: { n },
    metadata: { actor: 'spec' },
  });

  it('refuses a request in which two events share an id, and writes nothing of it', async () => {
    const store = new InMemoryEventStore();
    await expect(store.appendToStream('s', [ev('a'), ev('b'), ev('a')])).rejects.toMatchObject({
      constructor: EventIdConflictError,
      eventId: 'a',
    });
    expect(await store.headPosition()).toBe(0n);
  });

  it('takes a replay only in the order first written: the same ids reordered are a conflict', async () => {
    const store = new InMemoryEventStore();
    const first = await store.appendToStream('s', [ev('a', 1), ev('b', 2)]);
    expect(await store.appendToStream('s', [ev('a', 1), ev('b', 2)])).toEqual(first);
    await expect(store.appendToStream('s', [ev('b', 2), ev('a', 1)])).rejects.toBeInstanceOf(
      EventIdConflictError,
    );
    expect(await store.headPosition()).toBe(2n);
  });
});
