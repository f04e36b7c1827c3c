import * as fc from 'fast-check';
import { applyEvent, emptyLedgerView, parseRecordedEvent, type Finding, type RecordedDomainEvent } from '@ledger/domain';
import { UNKNOWN_POSITION, type StoredEvent } from '@ledger/event-store';
import { InMemoryEventStore } from '@ledger/event-store/testing/in-memory-event-store';
import { seedDemo } from '../demo/seed-demo';
import { HistoryMemo, subjectHistory } from './subject-history.query';

const TODAY = '2026-11-27';

describe('subjectHistory with a memo (ADR 0165)', () => {
  let stored: readonly StoredEvent[];
  let recorded: RecordedDomainEvent[];
  let streams: string[];

  beforeAll(async () => {
    const store = new InMemoryEventStore();
    await seedDemo(store, { groups: 6, today: TODAY });
    stored = store.events;
    recorded = stored.map((e) => parseRecordedEvent(e));
    streams = [...new Set(stored.map((e) => e.streamId))].filter((s) => s.startsWith('group-') || s.startsWith('cooperation-')).sort();
  });

  it('gives what is computed afresh, after the log has grown past what it kept (property)', () => {
    let changed = 0;
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 10_000 }), (pick, cutAt) => {
        const stream = stored.filter((e) => e.streamId === streams[pick % streams.length]);
        const cut = cutAt % stored.length;
        // The view folded up to the cut; the stream read from the store may be ahead of it, as in the API.
        const view = emptyLedgerView();
        for (let i = 0; i < cut; i++) applyEvent(view, recorded[i]);
        const memo = new HistoryMemo();
        subjectHistory(stream, view, TODAY, { memo, foldedTo: cut === 0 ? 0n : stored[cut - 1].position });
        for (let i = cut; i < recorded.length; i++) applyEvent(view, recorded[i]);
        const fresh = subjectHistory(stream, view, TODAY);
        expect(subjectHistory(stream, view, TODAY, { memo, foldedTo: stored[stored.length - 1].position })).toEqual(fresh);
        changed += fresh.filter((h) => h.findingsOpened.length + h.findingsClosed.length > 0).length;
      }),
      { numRuns: 60 },
    );
    expect(changed).toBeGreaterThan(0); // not only histories that change nothing
  });

  it('keeps no event whose position the store could not tell (UNKNOWN_POSITION, ADR 0003)', () => {
    const stream = stored.filter((e) => e.streamId === streams[0]).map((e) => ({ ...e, position: UNKNOWN_POSITION }));
    const view = emptyLedgerView();
    for (const e of recorded) applyEvent(view, e);
    const memo = new HistoryMemo();
    subjectHistory(stream, view, TODAY, { memo, foldedTo: stored[stored.length - 1].position });
    expect(stream.length).toBeGreaterThan(1);
    expect(memo.size).toBe(0);
  });

  it('computes each event once a day, and again on a new day', () => {
    const memo = new HistoryMemo();
    const changes = (n: number) => ({ opened: [{ ruleId: `R${n}` } as Finding], closed: [] });
    const compute = jest.fn(() => changes(1));
    expect(memo.changesOf(5n, '2026-11-27', true, compute)).toEqual(changes(1));
    expect(memo.changesOf(5n, '2026-11-27', true, () => changes(2))).toEqual(changes(1));
    expect(compute).toHaveBeenCalledTimes(1);
    expect(memo.changesOf(5n, '2026-11-28', true, () => changes(3))).toEqual(changes(3));
    expect(memo.changesOf(5n, '2026-11-28', true, () => changes(4))).toEqual(changes(3));
  });

  it('keeps an event only when told to (the view has folded it)', () => {
    const memo = new HistoryMemo();
    const none = { opened: [], closed: [] };
    memo.changesOf(9n, TODAY, false, () => none);
    expect(memo.size).toBe(0);
    const compute = jest.fn(() => none);
    memo.changesOf(9n, TODAY, true, compute);
    memo.changesOf(9n, TODAY, true, compute);
    expect(compute).toHaveBeenCalledTimes(1);
    expect(memo.size).toBe(1);
  });

  it('lets the least recently asked for go first past its capacity', () => {
    const memo = new HistoryMemo(2);
    const none = { opened: [], closed: [] };
    memo.changesOf(1n, TODAY, true, () => none);
    memo.changesOf(2n, TODAY, true, () => none);
    memo.changesOf(1n, TODAY, true, () => none); // 1 asked for again: 2 is now the oldest
    memo.changesOf(3n, TODAY, true, () => none);
    expect(memo.size).toBe(2);
    const asked: bigint[] = [];
    for (const p of [1n, 2n, 3n]) memo.changesOf(p, TODAY, false, () => (asked.push(p), none));
    expect(asked).toEqual([2n]);
  });
});
