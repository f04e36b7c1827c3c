import { history } from '../rules/testing/history';
import { LEAD, OTHER, PARTNER, leadAndPartner } from '../rules/testing/fixtures';
import { foldLedger } from './ledger-view';
import { cooperationAt, groupAt } from './states';

/**
 * Yali-like lead with two partners. The exit of C1 on 2023-08-15 is recorded late (2024-02-01);
 * the admission of C2 is retracted on 2024-03-01 as a recording mistake.
 */
function city() {
  const h = history();
  leadAndPartner(h);
  h.school(OTHER, { districtCode: '430111' });
  h.cooperate('C1', 'G1', LEAD, PARTNER, '2023-06-01');
  h.propose('C2', 'G1', LEAD, OTHER, '2023-04-01');
  const c2Admission = h.admit('C2', '2023-05-01');
  h.coop('C1', 'TeacherDispatched', { teacherId: 't1', role: 'MANAGER', direction: 'LEAD_TO_PARTNER' }, '2023-09-10', '2023-09-10T08:00:00.000Z');
  h.coop('C1', 'PartnerExited', { reason: 'EARLY' }, '2023-08-15', '2024-02-01T09:00:00.000Z');
  h.coop('C2', 'EventRetracted', { retractedEventId: c2Admission, reason: '录入错误' }, '2024-03-01', '2024-03-01T09:00:00.000Z');
  return { h, c2Admission };
}

const on20230901 = '2023-09-01';
const partners = (view: ReturnType<typeof foldLedger>, knownAt?: string) =>
  groupAt(view, 'G1', { asOf: on20230901, knownAt: knownAt ? { instant: knownAt } : undefined })!.activePartners.map((p) => p.cooperationId);

describe('bitemporal folding: the group on 2023-09-01 as known at …', () => {
  const { h } = city();
  const view = h.view();

  it('… 2024-01-10: both partners (the exit was not yet recorded) — one call', () => {
    expect(partners(view, '2024-01-10T00:00:00.000Z')).toEqual(['C1', 'C2']);
  });

  it('… 2024-02-02: the late-recorded exit of 2023-08-15 removes C1 on 2023-09-01', () => {
    expect(partners(view, '2024-02-02T00:00:00.000Z')).toEqual(['C2']);
  });

  it('… 2024-03-02: the retracted admission counts as never having happened', () => {
    expect(partners(view, '2024-03-02T00:00:00.000Z')).toEqual([]);
    expect(cooperationAt(view, 'C2', { asOf: '2024-03-02' })?.status).toBe('PROPOSED');
  });

  it('earlier “known at” answers stay the same when later events are appended', () => {
    const prefix = foldLedger(h.events.slice(0, h.events.length - 2));
    expect(partners(prefix, '2024-01-10T00:00:00.000Z')).toEqual(partners(view, '2024-01-10T00:00:00.000Z'));
    expect(partners(prefix)).toEqual(['C1', 'C2']);
  });

  it('a view folded with knownAt (instant or position) gives the same answers as the full view asked with knownAt', () => {
    const known = foldLedger(h.events, { knownAt: { instant: '2024-02-02T00:00:00.000Z' } });
    expect(partners(known)).toEqual(partners(view, '2024-02-02T00:00:00.000Z'));
    const byPosition = foldLedger(h.events, { knownAt: { position: BigInt(h.events.length - 1) } });
    expect(partners(byPosition)).toEqual(['C2']);
  });

  it('a view folded asOf a day ignores later valid days but applies retractions', () => {
    const asOf = foldLedger(h.events, { asOf: '2023-09-01' });
    expect(partners(asOf)).toEqual([]);
    expect(cooperationAt(asOf, 'C1', { asOf: '2023-09-01' })?.dispatches).toEqual([]);
  });
});
