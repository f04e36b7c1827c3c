import * as fc from 'fast-check';
import { StreamNotFoundError } from '@ledger/event-store';
import { InMemoryEventStore } from '@ledger/event-store/testing/in-memory-event-store';
import { encodeCursor, paginate } from '../city-compliance/compliance.query';
import { streamPage } from './stream-page';

/** A store holding stream `s` of `length` events, interleaved with another stream's. */
function storeWith(length: number): InMemoryEventStore {
  const store = new InMemoryEventStore();
  for (let i = 0; i < length; i++) {
    store.appendSync('s', [{ eventId: `s${i}`, type: 'T', data: { i }, metadata: {} }]);
    if (i % 3 === 0) store.appendSync('other', [{ eventId: `o${i}`, type: 'T', data: { i }, metadata: {} }]);
  }
  return store;
}

describe('streamPage (ADR 0168)', () => {
  it('answers the page paginate cuts from the whole stream, at any limit and cursor (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 15 }), fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }), async (length, limit, offset) => {
        const store = storeWith(length);
        const cursor = offset === undefined ? undefined : encodeCursor(offset);
        const whole = await store.readStream('s');
        expect(await streamPage(store, 's', limit, cursor)).toEqual(paginate(whole, limit, cursor));
      }),
      { numRuns: 300 },
    );
  });

  it('pages through a stream by its nextCursor, each event once, in order', async () => {
    const store = storeWith(23);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await streamPage(store, 's', 5, cursor);
      expect(page.total).toBe(23);
      seen.push(...page.items.map((e) => e.eventId));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(cursor).toBeUndefined();
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => `s${i}`));
  });

  it('reads the last event and the page, not the whole stream', async () => {
    const store = storeWith(30);
    const read = jest.spyOn(store, 'readStream');
    await streamPage(store, 's', 5, encodeCursor(10));
    expect(read.mock.calls).toEqual([
      ['s', { direction: 'backwards', maxCount: 1 }],
      ['s', { fromRevision: 10n, maxCount: 5 }],
    ]);
  });

  it('counts the events appended between its two reads', async () => {
    const store = storeWith(4);
    const read = store.readStream.bind(store);
    jest.spyOn(store, 'readStream').mockImplementationOnce(async (streamId, options) => {
      const last = await read(streamId, options);
      store.appendSync('s', [{ eventId: 'late', type: 'T', data: {}, metadata: {} }]);
      return last;
    });
    const page = await streamPage(store, 's', 10, encodeCursor(2));
    expect(page).toEqual({ items: (await store.readStream('s')).slice(2), total: 5 });
    expect(page.items.map((e) => e.eventId)).toEqual(['s2', 's3', 'late']);
  });

  it('throws StreamNotFoundError for a stream with no events', async () => {
    await expect(streamPage(storeWith(3), 'nothing', 5)).rejects.toThrow(StreamNotFoundError);
  });
});
