import { Logger } from '@nestjs/common';
import type { EventStore, ReadAllOptions, StoredEvent } from '@ledger/event-store';
import { BootOrder } from '../platform/boot-order';
import { DIRECTORY_PAGE, SubjectDirectory } from './subject-directory';

/**
 * `n` schools registered in district 43010x (x = i % 3), each followed by `others` events of a type
 * the directory does not index, answered as the store answers pages (`types` honoured).
 */
function storeOf(n: number, options: { failWith?: Error; others?: number } = {}) {
  const others = options.others ?? 0;
  const events: StoredEvent[] = [];
  for (let i = 0; i < n; i++) {
    events.push({
      eventId: `e${events.length + 1}`,
      streamId: `school-s${i + 1}`,
      type: 'SchoolRegistered',
      revision: 0n,
      position: BigInt(events.length + 1),
      data: { schoolId: `s${i + 1}`, districtCode: `43010${i % 3}` },
      metadata: {},
    });
    for (let k = 0; k < others; k++)
      events.push({
        eventId: `e${events.length + 1}`,
        streamId: `group-g${i + 1}`,
        type: 'JointExamHeld',
        revision: BigInt(k),
        position: BigInt(events.length + 1),
        data: { groupId: `g${i + 1}` },
        metadata: {},
      });
  }
  const failWith = options.failWith;
  const pages: bigint[] = [];
  const asked: Array<readonly string[] | undefined> = [];
  const store = {
    headPosition: async () => BigInt(events.length),
    readAll: async (options: ReadAllOptions = {}) => {
      if (failWith) throw failWith;
      const after = options.after ?? 0n;
      pages.push(after);
      asked.push(options.types);
      const types = options.types === undefined ? undefined : new Set(options.types);
      return events
        .filter((e) => e.position > after && (!types || types.has(e.type)))
        .slice(0, options.maxCount ?? events.length);
    },
  } as unknown as EventStore;
  return { store, pages, asked, events };
}

/** after = 0, DIRECTORY_PAGE, 2 × DIRECTORY_PAGE, … up to `last`. */
const pagesUpTo = (last: number) =>
  Array.from({ length: last / DIRECTORY_PAGE + 1 }, (_, i) => BigInt(i * DIRECTORY_PAGE));

describe('SubjectDirectory', () => {
  afterEach(() => jest.restoreAllMocks());

  it('yields the event loop between pages: other work runs while it reads a long log (ADR 0143)', async () => {
    const { store, pages } = storeOf(12_000);
    const directory = new SubjectDirectory(store);
    let pagesSeenByOther: number | undefined;
    setImmediate(() => (pagesSeenByOther = pages.length)); // queued before its first turn
    await directory.catchUp();
    expect(pagesSeenByOther).toBe(1); // after the first page, not after the whole log
    expect(pages).toEqual(pagesUpTo(12_000));
    expect(directory.districtsOfSchools(['s1', 's2', 's12000', 'unknown'])).toEqual(
      new Set(['430100', '430101', '430102']),
    );
  });

  it('starts reading at boot without holding the boot; a command asking meanwhile waits for the same reading', async () => {
    const { store, pages } = storeOf(12_000);
    const directory = new SubjectDirectory(store);
    directory.onApplicationBootstrap(); // returns at once
    await new Promise((resolve) => setImmediate(resolve));
    expect(pages).toEqual([0n]);
    const districts = await directory.districtsOf({ type: 'school', id: 's11999' });
    expect(districts).toEqual(new Set(['430101']));
    expect(pages).toEqual([...pagesUpTo(12_000), 12_000n]); // the boot's pages, then one for writes since
  });

  it('begins its boot reading once the read models have started (ADR 0171); a command before then reads on use', async () => {
    const { store, pages } = storeOf(2_500);
    const order = new BootOrder();
    const directory = new SubjectDirectory(store, order);
    directory.onApplicationBootstrap();
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(pages).toEqual([]); // the read models' restore and catch-up have the event loop
    expect(await directory.districtsOf({ type: 'school', id: 's2' })).toEqual(new Set(['430101']));
    expect(pages).toEqual(pagesUpTo(2_000)); // read on use: 0, 1,000 and 2,000
    order.readModelsStarted();
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(pages).toEqual([...pagesUpTo(2_000), 2_500n]); // the boot's reading, from where the command's ended
  });

  it('reads only the types it indexes, and goes on from the head it read to, not from its last such event (ADR 0148)', async () => {
    const { store, pages, asked, events } = storeOf(3, { others: 2_000 });
    const directory = new SubjectDirectory(store);
    expect(await directory.districtsOf({ type: 'school', id: 's3' })).toEqual(new Set(['430102']));
    expect(asked).toEqual([['SchoolRegistered', 'GroupFormed', 'CooperationProposed']]);
    expect(pages).toEqual([0n]); // three events of its types: one short page
    // The last school is at position 4003, the head at 6003: the next check reads after the head.
    expect(await directory.districtsOf({ type: 'school', id: 's1' })).toEqual(new Set(['430100']));
    expect(pages).toEqual([0n, BigInt(events.length)]);
  });

  it('a reading that fails at boot is logged as a warning and read again on use', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const failing = new SubjectDirectory(storeOf(10, { failWith: new Error('database is locked') }).store);
    failing.onApplicationBootstrap();
    await new Promise((resolve) => setImmediate(resolve));
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/subject directory not read at boot.*database is locked/),
    );
  });
});
