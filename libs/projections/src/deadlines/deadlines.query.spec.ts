import { foldLedger, parseRecordedEvent } from '@ledger/domain';
import { DemoGenerator } from '../demo/demo-generator';
import { queryFindings, decodeCursor, encodeCursor } from '../city-compliance/compliance.query';
import { evaluateCity } from '../city-compliance/compliance-engine';
import { deadlinesWithin } from './deadlines.query';

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
});

describe('the compliance query', () => {
  const findings = evaluateCity(view, { asOf: TODAY });

  it('filters by severity and status, and pages through every match exactly once', () => {
    const all = queryFindings(findings, view, { severity: 'violation', limit: 1000 });
    expect(all.items.every((f) => f.severity === 'violation')).toBe(true);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = queryFindings(findings, view, { severity: 'violation', limit: 3, cursor });
      seen.push(...page.items.map((f) => `${f.ruleId}|${f.subject.id}|${f.since}|${f.evidence[0]}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((f) => `${f.ruleId}|${f.subject.id}|${f.since}|${f.evidence[0]}`));
  });

  it('treats a foreign cursor as the first page', () => {
    expect(decodeCursor(encodeCursor(42))).toBe(42);
    expect(decodeCursor('bm9wZQ')).toBeUndefined();
  });
});
