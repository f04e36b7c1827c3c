import { Logger } from '@nestjs/common';
import type { EventStore, ReadAllOptions, StoredEvent } from '@ledger/event-store';
import { SubjectDirectory } from './subject-directory';

/** `n` schools registered in district 43010x (x = i % 3), answered as the store answers pages. */
function storeOf(n: number, failWith?: Error) {
  const events: StoredEvent[] = Array.from({ length: n }, (_, i) => ({
    eventId: `e${i + 1}`,
    streamId: `school-s${i + 1}`,
    type: 'SchoolRegistered',
    revision: 0n,
    position: BigInt(i + 1),
    data: { schoolId: `s${i + 1}`, districtCode: `43010${i % 3}` },
    metadata: {},
  }));
  const pages: bigint[] = [];
  const store = {
    readAll: async (options: ReadAllOptions = {}) => {
      if (failWith) throw failWith;
      const after = Number(options.after ?? 0n);
      pages.push(BigInt(after));
      return events.slice(after, after + (options.maxCount ?? events.length));
    },
  } as unknown as EventStore;
  return { store, pages };
}

describe('SubjectDirectory', () => {
  afterEach(() => jest.restoreAllMocks());

  it('yields the event loop between pages: other work runs while it reads a long log (ADR 0143)', async () => {
    const { store, pages } = storeOf(12_000);
    const directory = new SubjectDirectory(store);
    let pagesSeenByOther: number | undefined;
    setImmediate(() => (pagesSeenByOther = pages.length)); // queued before its first turn
    await directory.catchUp();
    expect(pagesSeenByOther).toBe(1); // after the first page, not after the whole log
    expect(pages).toEqual([0n, 5000n, 10000n]);
    expect(directory.districtsOfSchools(['s1', 's2', 's12000', 'unknown'])).toEqual(
      new Set(['430100', '430101', '430102']),
    );
  });

  it('starts reading at boot without holding the boot; a command asking meanwhile waits for the same reading', async () => {
    const { store, pages } = storeOf(12_000);
    const directory = new SubjectDirectory(store);
    directory.onApplicationBootstrap(); // returns at once
    expect(pages).toEqual([0n]);
    const districts = await directory.districtsOf({ type: 'school', id: 's11999' });
    expect(districts).toEqual(new Set(['430101']));
    expect(pages).toEqual([0n, 5000n, 10000n, 12000n]); // the boot's pages, then one for writes since
  });

  it('a reading that fails at boot is logged as a warning and read again on use', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const failing = new SubjectDirectory(storeOf(10, new Error('database is locked')).store);
    failing.onApplicationBootstrap();
    await new Promise((resolve) => setImmediate(resolve));
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/subject directory not read at boot.*database is locked/),
    );
  });
});
