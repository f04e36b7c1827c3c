import { history } from '../rules/testing/history';
import { LEAD, PARTNER, leadAndPartner } from '../rules/testing/fixtures';
import { normalizeInstant } from './iso-day';
import { foldLedger } from './ledger-view';
import { groupAt } from './states';

describe('normalizeInstant: one fixed UTC millisecond form', () => {
  it.each([
    ['2024-02-01T09:00:00.000Z', '2024-02-01T09:00:00.000Z'],
    ['2024-02-01T09:00:00Z', '2024-02-01T09:00:00.000Z'],
    ['2024-02-01T09:00Z', '2024-02-01T09:00:00.000Z'],
    ['2024-02-01T09:00:00.5Z', '2024-02-01T09:00:00.500Z'],
    ['2024-02-01T09:00:00.123456Z', '2024-02-01T09:00:00.123Z'],
    ['2024-02-01T17:00:00+08:00', '2024-02-01T09:00:00.000Z'],
    ['2024-02-01T02:30:00.250+0800', '2024-01-31T18:30:00.250Z'],
    ['2024-12-31T23:00:00-02:00', '2025-01-01T01:00:00.000Z'],
    ['2024-02-01t09:00:00z', '2024-02-01t09:00:00z'],
    ['not an instant', 'not an instant'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeInstant(input)).toBe(expected);
  });
});

/** A late exit recorded at an instant written without milliseconds (`…:00Z`). */
function city() {
  const h = history();
  leadAndPartner(h);
  h.cooperate('C1', 'G1', LEAD, PARTNER, '2023-06-01');
  h.coop('C1', 'PartnerExited', { reason: 'EARLY' }, '2023-08-15', '2024-02-01T09:00:00Z');
  return h;
}

const partnersKnownAt = (view: ReturnType<typeof foldLedger>, instant: string) =>
  groupAt(view, 'G1', { asOf: '2023-09-01', knownAt: { instant } })!.activePartners.map((p) => p.cooperationId);

describe('"known at" with instants written in mixed forms', () => {
  const view = city().view();

  it('an event recorded at …:00Z is known at the same instant written …:00.000Z (string order would say it is later)', () => {
    expect(partnersKnownAt(view, '2024-02-01T09:00:00.000Z')).toEqual([]);
  });

  it('… and at the same instant written with a +08:00 offset', () => {
    expect(partnersKnownAt(view, '2024-02-01T17:00:00+08:00')).toEqual([]);
  });

  it('… but not one millisecond before it', () => {
    expect(partnersKnownAt(view, '2024-02-01T08:59:59.999Z')).toEqual(['C1']);
    expect(partnersKnownAt(view, '2024-02-01T16:59:59.999+08:00')).toEqual(['C1']);
  });

  it('the folded facts keep their recording instant in the normal form', () => {
    const exit = view.cooperations.get('C1')!.find((f) => f.type === 'PartnerExited')!;
    expect(exit.recordedAt).toBe('2024-02-01T09:00:00.000Z');
  });

  it('foldLedger with a knownAt horizon compares the same way', () => {
    const events = city().events;
    expect(foldLedger(events, { knownAt: { instant: '2024-02-01T09:00:00.000Z' } }).cooperations.get('C1')!.some((f) => f.type === 'PartnerExited')).toBe(true);
    expect(foldLedger(events, { knownAt: { instant: '2024-02-01T08:59:59.999Z' } }).cooperations.get('C1')!.some((f) => f.type === 'PartnerExited')).toBe(false);
  });
});

describe('applyEvent: the subject of a stream (regex-free parse)', () => {
  it('files facts under school-, group- and cooperation- streams, ids with dashes kept whole', () => {
    const h = history();
    h.school('43-01');
    h.group('G-1', '43-01', '2021-01-01');
    h.propose('C-1-x', 'G-1', '43-01', '43-01', '2021-02-01');
    const view = h.view();
    expect([...view.schools.keys()]).toEqual(['43-01']);
    expect([...view.groups.keys()]).toEqual(['G-1']);
    expect([...view.cooperations.keys()]).toEqual(['C-1-x']);
    expect(view.cooperations.get('C-1-x')!.map((f) => f.eventId)).toEqual([h.events[2].eventId]);
  });
});
