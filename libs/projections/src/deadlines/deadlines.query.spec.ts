import { addMonths, cooperationAt, foldLedger, parseRecordedEvent } from '@ledger/domain';
import { DemoGenerator } from '../demo/demo-generator';
import { decodeCursor, encodeCursor, filterFindings, paginate } from '../city-compliance/compliance.query';
import { evaluateCity } from '../city-compliance/compliance-engine';
import { compareDeadlines, cooperationDeadlines, deadlineWithin, deadlinesWithin, type Deadline } from './deadlines.query';

const TODAY = '2026-11-27';
const events = new DemoGenerator({ groups: 12, today: TODAY }).all().map((e, i) => parseRecordedEvent({ ...e.event, streamId: e.streamId, revision: 0n, position: BigInt(i + 1) }));
const view = foldLedger(events);

describe('deadlines within a period', () => {
  it('lists what falls due by the horizon and everything overdue, soonest first', () => {
    const list = deadlinesWithin(view, TODAY, 12);
    expect(list.length).toBeGreaterThan(0);
    for (const d of list) expect(d.overdue || d.dueOn <= '2027-11-27').toBe(true);
    expect(list.map((d) => d.dueOn)).toEqual([...list.map((d) => d.dueOn)].sort());
    expect(list.every((d) => d.overdue === d.dueOn < TODAY)).toBe(true);
  });

  it('a longer period never lists fewer deadlines', () => {
    expect(deadlinesWithin(view, TODAY, 24).length).toBeGreaterThanOrEqual(deadlinesWithin(view, TODAY, 3).length);
  });

  it("every cooperation's deadlines with no horizon, cut at one, are the deadlines within it (ADR 0152)", () => {
    const big = foldLedger(new DemoGenerator({ groups: 60, today: TODAY }).all().map((e, i) => parseRecordedEvent({ ...e.event, streamId: e.streamId, revision: 0n, position: BigInt(i + 1) })));
    const kinds = new Set<string>();
    let withdrawalsPastTheHorizon = 0;
    for (const day of ['2021-09-01', '2023-03-15', '2024-12-31', TODAY, '2028-06-30']) {
      const all: Deadline[] = [];
      for (const id of big.cooperations.keys()) {
        const c = cooperationAt(big, id, { asOf: day });
        if (c) all.push(...cooperationDeadlines(big, c, day));
      }
      for (const d of all) kinds.add(d.kind);
      for (const months of [0, 1, 3, 12, 60]) {
        const horizon = addMonths(day, months);
        expect(all.filter((d) => deadlineWithin(d, horizon)).sort(compareDeadlines)).toEqual(deadlinesWithin(big, day, months));
        withdrawalsPastTheHorizon += all.filter((d) => d.kind === 'WITHDRAWAL_PENDING' && d.dueOn > horizon).length;
      }
    }
    // Every kind of deadline came up, and withdrawals due past the horizon, which are listed all the same.
    expect([...kinds].sort()).toEqual(['NOTICE_DUE', 'NOTICE_OVERDUE', 'TERM_ENDING', 'TERM_OVERRUN', 'WITHDRAWAL_OVERDUE', 'WITHDRAWAL_PENDING']);
    expect(withdrawalsPastTheHorizon).toBeGreaterThan(0);
  });

  it('orders deadlines by due day, cooperation and kind: a total order', () => {
    const d = (dueOn: string, cooperationId: string, kind: Deadline['kind']) => ({ dueOn, cooperationId, kind }) as Deadline;
    const list = [d('2027-01-01', 'c2', 'TERM_ENDING'), d('2027-01-01', 'c1', 'WITHDRAWAL_PENDING'), d('2027-01-01', 'c1', 'TERM_ENDING'), d('2026-12-01', 'c9', 'NOTICE_DUE')];
    const expected = [list[3], list[2], list[1], list[0]];
    expect([...list].sort(compareDeadlines)).toEqual(expected);
    expect([...list].reverse().sort(compareDeadlines)).toEqual(expected);
    expect(compareDeadlines(list[2], list[2])).toBe(0);
  });
});

describe('the compliance query', () => {
  const findings = evaluateCity(view, { asOf: TODAY });

  it('filters by severity and status, and pages through every match exactly once', () => {
    const violations = filterFindings(findings, view, { severity: 'violation' });
    const all = paginate(violations, 1000);
    expect(all.items.every((f) => f.severity === 'violation')).toBe(true);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = paginate(violations, 3, cursor);
      seen.push(...page.items.map((f) => `${f.ruleId}|${f.subject.id}|${f.since}|${f.evidence[0]}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((f) => `${f.ruleId}|${f.subject.id}|${f.since}|${f.evidence[0]}`));
  });

  it('decodes its own cursors and no other (the API refuses the others with a 400, ADR 0155)', () => {
    expect(decodeCursor(encodeCursor(42))).toBe(42);
    expect(decodeCursor('bm9wZQ')).toBeUndefined();
  });
});
