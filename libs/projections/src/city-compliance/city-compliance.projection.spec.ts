import fc from 'fast-check';
import {
  applyEvent,
  emptyLedgerView,
  type IsoDay,
  type LedgerView,
  type RecordedDomainEvent,
} from '@ledger/domain';
import { History } from '@ledger/domain/rules/testing/history';
import type { ApplyContext } from '../runner/read-model';
import { restoreParts } from '../runner/snapshot-parts';
import { readWhileFolding } from '../testing/cut-while-folding';
import { eventsOf, step } from '../testing/histories';
import { cityComplianceProjection as model, type CityComplianceState } from './city-compliance.projection';
import { recordsKept } from './records-at-cut';

/**
 * ADR 0181: a live snapshot cuts the city's compliance while later events are folded into it, a new
 * day judged or the city settled. The parts must restore the state as it was when asked (a record's
 * keys changed meanwhile may come in another order: `toEqual` does not look at key order), and the
 * state must fold on as if no cut had been made.
 */

const restored = (parts: readonly string[]) => restoreParts<CityComplianceState>(parts);

const FIRST_DAY = '2024-06-01';
const NEXT_DAY = '2026-01-01';

/** The ledger view and the city's compliance folded live, as the runner folds them (the view first). */
class LiveCity {
  readonly view: LedgerView = emptyLedgerView();
  state: CityComplianceState = model.initialState();
  /** False: folding as a catch-up does (subjects marked stale, judged by the next settle). */
  live = true;
  constructor(private today: IsoDay) {}
  private ctx(): ApplyContext {
    return {
      today: this.today,
      live: this.live,
      stateOf: <S>() => this.view as S,
      emitFindings: () => undefined,
      emitted: [],
    };
  }
  fold(e: RecordedDomainEvent): void {
    applyEvent(this.view, e);
    this.state = model.apply(this.state, e, this.ctx());
  }
  /** A new day: the whole city judged again (its records replaced). */
  newDay(day: IsoDay): void {
    this.today = day;
    this.state = model.settle!(this.state, this.ctx());
  }
  /** The model's parts on one turn (the totals' records apart, ADR 0183). */
  parts(): string[] {
    return [...model.snapshotParts!(this.state)];
  }
}

type Op = { fold: RecordedDomainEvent } | { day: IsoDay } | { live: boolean };

/** The totals' records are parts of their own, its part holds its counts only (ADR 0183). */
function expectTotalsApart(parts: readonly string[]): void {
  const header = JSON.parse(parts[0]) as { records: string[] };
  expect(header.records.filter((p) => p.startsWith('totals'))).toEqual([
    'totals',
    'totals.leads',
    'totals.byRule',
    'totals.byDistrict',
    'totals.urgent',
  ]);
  const own = parts
    .slice(1)
    .map((p) => JSON.parse(p) as [string, Array<[string, unknown]>])
    .filter(([path]) => path === 'totals');
  expect(own.flatMap(([, entries]) => entries).filter(([, v]) => typeof v === 'object')).toEqual([]);
}

function run(city: LiveCity, op: Op): void {
  if ('fold' in op) city.fold(op.fold);
  else if ('day' in op) city.newDay(op.day);
  else city.live = op.live;
}

/** Cuts `city`'s parts while running `rest` (`readWhileFolding`). */
function cutWhileFolding(city: LiveCity, rest: readonly Op[], between: readonly number[]): string[] {
  const asked = model.snapshotPartsWhileFolding!(city.state);
  return readWhileFolding(asked, rest, (op) => run(city, op), between);
}

const cityAt = (ops: readonly Op[]): LiveCity => {
  const city = new LiveCity(FIRST_DAY);
  for (const op of ops) run(city, op);
  return city;
};

describe('the city compliance cut while the fold goes on (ADR 0181)', () => {
  afterEach(() => expect(recordsKept()).toBe(0));

  it('gives the parts of the state as it was when asked, whatever is folded or judged between them (property)', () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 50 }),
        fc.nat(50),
        fc.array(fc.nat(6), { maxLength: 10 }),
        fc.option(fc.nat(50)),
        fc.option(fc.nat(50)),
        (steps, cutAt, between, newDayAt, catchUpAt) => {
          const ops: Op[] = eventsOf(steps).map((e) => ({ fold: e }));
          const k = cutAt % (ops.length + 1);
          // A catch-up's fold from some point (stale subjects kept, a settle only on a new day), …
          if (catchUpAt !== null) ops.splice(catchUpAt % (ops.length + 1), 0, { live: false });
          // … a new day before or after the cut (the whole city judged again).
          if (newDayAt !== null) ops.splice(newDayAt % (ops.length + 1), 0, { day: NEXT_DAY });
          const city = cityAt(ops.slice(0, k));
          const expected = city.parts();
          const parts = cutWhileFolding(city, ops.slice(k), between);
          expect(restored(parts)).toEqual(restored(expected));
          expectTotalsApart(expected);
          expectTotalsApart(parts);
          expect(recordsKept()).toBe(0); // released once read through
          // And the state folded on is the one folded with no cut.
          expect(city.parts()).toEqual(cityAt(ops).parts());
        },
      ),
      { numRuns: 150 },
    );
  });

  it('across several parts of a record: values changed, deleted and added after the cut, then a new day', () => {
    const h = new History();
    const n = 2_300; // three parts of groups
    for (let i = 0; i < n; i++) {
      h.school(`S${i}`, {}, '2022-01-01');
      h.group(`G${i}`, `S${i}`, '2022-02-01');
    }
    const cut = h.events.length;
    // After the cut: groups of each part dissolved (their figures change) or unformed by a
    // retraction (their entries deleted), new groups (entries added).
    for (const i of [0, 1_100, 2_250])
      h.groupEvent(`G${i}`, 'GroupDissolved', { reason: '撤销' }, '2024-01-01');
    for (const i of [1, 1_101, 2_251]) {
      const formed = h.events.findIndex((e) => e.streamId === `group-G${i}`);
      h.record(
        'group',
        `G${i}`,
        'EventRetracted',
        { retractedEventId: h.events[formed].eventId, reason: '录入错误' },
        '2024-01-02',
      );
    }
    h.school('S-new', {}, '2023-01-01');
    h.group('G-new', 'S-new', '2023-02-01');
    const ops: Op[] = h.events.map((e) => ({ fold: e }));
    const city = cityAt(ops.slice(0, cut));
    const expected = city.parts();
    expect(expected.filter((p) => p.startsWith('["groups"')).length).toBe(3);
    const rest = [...ops.slice(cut), { day: NEXT_DAY }];
    for (let every = 0; every <= 2; every++) {
      const again = cityAt(ops.slice(0, cut));
      const parts = cutWhileFolding(
        again,
        rest,
        Array.from({ length: expected.length + 1 }, () => every),
      );
      // Restored, it is the state at the cut; the state folded on changed where the events said.
      expect(parts.length).toBe(expected.length);
      expect(restored(parts)).toEqual(restored(expected));
      expect(again.state.groups['G0']).not.toEqual(city.state.groups['G0']);
      expect(again.state.groups['G1']).toBeUndefined();
      expect(again.state.groups['G-new']).toBeDefined();
      expect(again.state.asOf).toBe(NEXT_DAY);
    }
  });

  it('two cuts at once each give the state as it was when asked', () => {
    const h = new History();
    for (const i of [1, 2, 3]) {
      h.school(`S${i}`, {}, '2022-01-01');
      h.group(`G${i}`, `S${i}`, '2022-02-01');
    }
    const city = cityAt(h.events.map((e) => ({ fold: e })));
    const later = (from: number) => h.events.slice(from).forEach((e) => city.fold(e));
    const first = { expected: city.parts(), asked: model.snapshotPartsWhileFolding!(city.state) };
    let from = h.events.length;
    h.groupEvent('G1', 'GroupDissolved', { reason: '撤销' }, '2024-01-01'); // after the first cut
    later(from);
    const second = { expected: city.parts(), asked: model.snapshotPartsWhileFolding!(city.state) };
    from = h.events.length;
    h.groupEvent('G2', 'GroupDissolved', { reason: '撤销' }, '2024-01-01'); // after both
    h.record(
      'group',
      'G1',
      'EventRetracted',
      { retractedEventId: h.events[from - 1].eventId, reason: '录入错误' },
      '2024-01-02',
    );
    later(from);
    expect(new Set([first.expected.join(), second.expected.join(), city.parts().join()]).size).toBe(3);
    expect([restored([...first.asked]), restored([...second.asked])]).toEqual([
      restored(first.expected),
      restored(second.expected),
    ]);
  });

  it('keeps nothing once its parts are closed, begun or not, or fail', () => {
    const city = cityAt(eventsOf(fc.sample(step, { numRuns: 40, seed: 7 })).map((e) => ({ fold: e })));
    const unbegun = model.snapshotPartsWhileFolding!(city.state);
    expect(recordsKept()).toBe(8); // the four big records and the totals' four
    unbegun.return!();
    expect(recordsKept()).toBe(0);
    const begun = model.snapshotPartsWhileFolding!(city.state);
    begun.next();
    begun.return!();
    expect(recordsKept()).toBe(0);
    expect(begun.next().done).toBe(true);
    // A part that cannot be cut (e.g. a value JSON cannot say) ends the parts with the error.
    const failing = model.snapshotPartsWhileFolding!({
      ...city.state,
      groups: { G1: { leadSchoolId: 'S1', dissolved: false, big: BigInt(1) } as never },
    });
    expect(() => [...failing]).toThrow(/BigInt/);
    expect(recordsKept()).toBe(0);
  });
});
