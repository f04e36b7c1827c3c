import * as fc from 'fast-check';
import { compareDeadlines, type Deadline, type DeadlineKind } from '../deadlines/deadlines.query';
import { runToEnd } from '../runner/snapshot-parts';
import { cityComplianceProjection as model } from './city-compliance.projection';
import { countSubject, emptyTotals, soonestDeadlines, withLeadCount, type CityTotals } from './city-totals';

const KINDS: DeadlineKind[] = ['TERM_ENDING', 'NOTICE_DUE', 'WITHDRAWAL_PENDING'];

const deadline = fc
  .record({
    day: fc.integer({ min: 1, max: 28 }),
    month: fc.integer({ min: 1, max: 3 }),
    cooperation: fc.integer({ min: 0, max: 6 }),
    kind: fc.constantFrom(...KINDS),
  })
  .map(({ day, month, cooperation, kind }): Deadline => ({
    kind,
    ruleId: 'R19',
    label: { zh: '期满', en: 'term ends' },
    cooperationId: `coop-${cooperation}`,
    groupId: 'grp-1',
    leadSchoolId: 'lead',
    partnerSchoolId: 'partner',
    dueOn: `2026-0${month}-${String(day).padStart(2, '0')}`,
    overdue: false,
  }));

/** Lists as the totals keep them: each one cooperation's deadlines, sorted soonest first. */
const sortedLists = fc.array(
  fc.array(deadline, { maxLength: 8 }).map((l) => [...l].sort(compareDeadlines)),
  { maxLength: 30 },
);

describe('the city totals (ADR 0161)', () => {
  it('soonestDeadlines(lists, n) is the n soonest of them all, as sorting them all would give', () => {
    fc.assert(
      fc.property(sortedLists, fc.integer({ min: 0, max: 25 }), (lists, n) => {
        const got = soonestDeadlines(lists, n);
        const expected = lists.flat().sort(compareDeadlines).slice(0, n);
        expect(got.map((d) => JSON.stringify(d))).toEqual(expected.map((d) => JSON.stringify(d)));
      }),
      { numRuns: 500 },
    );
  });

  it('soonestDeadlines stops reading a list at its first deadline that is not among the n soonest', () => {
    const at = (dueOn: string, cooperationId: string): Deadline => ({
      ...fc.sample(deadline, 1)[0],
      dueOn,
      cooperationId,
    });
    let read = 0;
    /** A list that counts how many of its deadlines are read. */
    const counted = (list: Deadline[]): Deadline[] =>
      ({
        *[Symbol.iterator]() {
          for (const d of list) {
            read++;
            yield d;
          }
        },
      }) as unknown as Deadline[];
    const early = ['2026-01-01', '2026-01-02', '2026-01-03'].map((d) => at(d, 'early'));
    const late = ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'].map((d) => at(d, 'late'));
    const got = soonestDeadlines([counted(early), counted(late)], 3);
    expect(got).toEqual(early);
    expect(read).toBe(4); // the three early ones, and the first late one only
  });

  it('leadSchools stays the number of lead schools as groups are counted in and taken out, in any order', () => {
    const step = fc.record({ lead: fc.integer({ min: 0, max: 5 }), dissolved: fc.boolean() });
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (steps, order) => {
          const t = emptyTotals();
          const parts = steps.map((s, i) => ({
            id: `grp-${i}`,
            group: { dissolved: s.dissolved, leadSchoolId: `lead-${s.lead}` },
          }));
          for (const p of parts) {
            countSubject(t, p, 1, '2026-06-30');
            expect(t.leadSchools).toBe(Object.keys(t.leads).length);
          }
          // Taken out in another order: the count follows, down to none.
          const out = [...parts].sort((a, b) => (order[+a.id.slice(4)] ?? 0) - (order[+b.id.slice(4)] ?? 0));
          for (const p of out) {
            countSubject(t, p, -1, '2026-06-30');
            expect(t.leadSchools).toBe(Object.keys(t.leads).length);
          }
          expect(t.leadSchools).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('withLeadCount counts the lead schools of totals restored without the count, and leaves a kept count alone', () => {
    const old = { ...emptyTotals(), leads: { a: 1, b: 2, c: 1 } } as Partial<CityTotals>;
    delete old.leadSchools;
    expect(withLeadCount(old as CityTotals).leadSchools).toBe(3);
    const kept = { ...emptyTotals(), leads: { a: 1 }, leadSchools: 1 };
    expect(withLeadCount(kept)).toBe(kept);
    expect(kept.leadSchools).toBe(1);
  });

  it('the model restores a snapshot written before the count (chunked or whole) with its lead schools counted', () => {
    const state = model.initialState();
    state.totals.leads = { a: 1, b: 2 };
    const old = structuredClone(state) as { totals: Partial<CityTotals> };
    delete old.totals.leadSchools;
    const parts = [...model.snapshotParts!(old as typeof state)];
    expect(parts.join()).not.toContain('leadSchools');
    expect(runToEnd(model.restoreParts!(parts)).totals.leadSchools).toBe(2);
    expect(model.deserialize(JSON.stringify(old)).totals.leadSchools).toBe(2);
  });
});
