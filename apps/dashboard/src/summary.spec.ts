import { readSummary } from './summary';
import { parseRoute, href } from './router';
import { addDays, daysBetween, localInputToInstant } from './days';

describe('reading the dashboard summary', () => {
  it('reads flat figures and record breakdowns', () => {
    const s = readSummary({
      groups: 4,
      cooperations: 9,
      leadSchools: 3,
      openViolations: 2,
      openWarnings: 5,
      findingsByRule: { R10: 1, R19: 1 },
      findingsByDistrict: { '430104': 2 },
    });
    expect(s).toMatchObject({
      groups: 4,
      cooperations: 9,
      leadSchools: 3,
      openViolations: 2,
      openWarnings: 5,
    });
    expect(s.byRule).toEqual(
      [
        { key: 'R10', count: 1 },
        { key: 'R19', count: 1 },
      ].map((r) => expect.objectContaining(r)),
    );
    expect(s.byDistrict).toEqual([expect.objectContaining({ key: '430104', count: 2 })]);
  });

  it('reads grouped figures, counts as objects and breakdowns as lists', () => {
    const s = readSummary({
      counts: { groups: { total: 5, active: 4 }, cooperations: 7, leadSchools: 2 },
      findings: { open: { violation: 3, warning: 1 } },
      byRule: [{ ruleId: 'R04', severity: 'warning', count: 1 }],
      byDistrict: [{ districtCode: '430102', open: 3 }],
      urgentDeadlines: [{ kind: 'NOTICE_DUE', due: '2026-01-01' }],
    });
    expect(s).toMatchObject({
      groups: 4,
      cooperations: 7,
      leadSchools: 2,
      openViolations: 3,
      openWarnings: 1,
    });
    expect(s.byRule).toEqual([{ key: 'R04', count: 1, severity: 'warning' }]);
    expect(s.byDistrict).toEqual([expect.objectContaining({ key: '430102', count: 3 })]);
    expect(s.deadlines).toHaveLength(1);
  });

  it('leaves a figure the API did not send undefined rather than zero', () => {
    expect(readSummary({}).groups).toBeUndefined();
  });
});

describe('hash routes', () => {
  it('round-trips a page, an id and a query', () => {
    const r = parseRoute(href('group', 'g 1', { asOf: '2024-01-01' }).slice(0));
    expect(r.page).toBe('group');
    expect(r.id).toBe('g 1');
    expect(r.query.get('asOf')).toBe('2024-01-01');
  });
  it('opens the overview on an empty hash and flags unknown pages', () => {
    expect(parseRoute('').page).toBe('overview');
    expect(parseRoute('#/nowhere').page).toBe('unknown');
  });
});

describe('calendar days', () => {
  it('adds and counts days across a leap day', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
  });
  it('reads a datetime-local value as UTC', () => {
    expect(localInputToInstant('2024-01-10T08:00')).toBe('2024-01-10T08:00:00.000Z');
    expect(localInputToInstant('')).toBeUndefined();
  });
});
