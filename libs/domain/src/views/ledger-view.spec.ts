import { history } from '../rules/testing/history';
import { addDays, addMonths, addYears, dayOfYear, fromDayNumber, schoolYearOf, toDayNumber } from './iso-day';
import { applyEvent, deserializeLedgerView, emptyLedgerView, findFacts, foldLedger, serializeLedgerView } from './ledger-view';
import { cooperationAt, groupAt, leadFootprintAt, schoolAt } from './states';
import { districtsOf, subjectsTouchedBy } from './subjects';

describe('iso days', () => {
  it('round-trips day numbers and does calendar arithmetic', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(fromDayNumber(toDayNumber('2024-02-29'))).toBe('2024-02-29');
    expect(addDays('2020-12-31', 1)).toBe('2021-01-01');
    expect(addMonths('2024-08-31', -6)).toBe('2024-02-29');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(dayOfYear('2021-12-31')).toBe(365);
    expect(schoolYearOf('2023-08-31')).toBe(2022);
    expect(schoolYearOf('2023-09-01')).toBe(2023);
  });
});

function yali() {
  const h = history();
  h.school('4301000001', { name: '长沙市雅礼中学', administration: 'CITY_DIRECT', districtCode: '430103', stages: ['JUNIOR', 'SENIOR'] });
  h.school('4301000002', { name: '岳麓区某中学', districtCode: '430104', stages: ['JUNIOR'] });
  h.group('G1', '4301000001', '2021-03-01');
  h.cooperate('C1', 'G1', '4301000001', '4301000002', '2021-04-01', { termEnd: '2027-03-31' });
  return h;
}

describe('the ledger view', () => {
  it('derives school, group and cooperation states with the ids of their events', () => {
    const h = yali();
    const view = h.view();
    const at = { asOf: '2022-01-01' };
    expect(schoolAt(view, '4301000001', at)?.name).toBe('长沙市雅礼中学');
    const c = cooperationAt(view, 'C1', at);
    expect(c?.status).toBe('ACTIVE');
    expect(c?.termEnd).toBe('2027-03-31');
    expect(c?.admission?.eventId).toBe(h.events[h.events.length - 1].eventId);
    const g = groupAt(view, 'G1', at);
    expect(g?.activePartners).toEqual([{ schoolId: '4301000002', cooperationId: 'C1' }]);
    expect(cooperationAt(view, 'C1', { asOf: '2021-03-31' })).toBeUndefined();
    expect(leadFootprintAt(view, '4301000001', '2022-01-01').perDistrict).toEqual({ '430104': 1 });
  });

  it('gives the same state whether folded at once, event by event, or through a snapshot', () => {
    const h = yali();
    const whole = foldLedger(h.events);
    let step = emptyLedgerView();
    for (const e of h.events.slice(0, 5)) step = applyEvent(step, e);
    step = deserializeLedgerView(serializeLedgerView(step));
    for (const e of h.events.slice(5)) step = applyEvent(step, e);
    expect(serializeLedgerView(step)).toEqual(serializeLedgerView(whole));
    expect(whole.lastPosition).toBe(String(h.events.length));
  });

  it('keeps retractions and late facts through a snapshot; a fact is found by its id', () => {
    const h = yali();
    const late = h.coop('C1', 'CooperationFeeCharged', { amountFen: 500 }, '2021-05-01');
    h.coop('C1', 'EventRetracted', { retractedEventId: late, reason: '重复录入' }, '2022-01-01');
    const view = deserializeLedgerView(serializeLedgerView(h.view()));
    expect(view.retractions.get(late)?.reason).toBe('重复录入');
    expect(findFacts(view, new Set([late])).get(late)?.subject).toEqual({ type: 'cooperation', id: 'C1' });
    expect(cooperationAt(view, 'C1', { asOf: '2022-06-01' })?.fees).toEqual([]);
    expect(cooperationAt(view, 'C1', { asOf: '2022-06-01', knownAt: { position: BigInt(h.events.length - 1) } })?.fees).toHaveLength(1);
  });

  it('rejects a snapshot that is not a ledger view', () => {
    expect(() => deserializeLedgerView('{"kind":"other"}')).toThrow(/ledger view/);
  });

  it('ends the cooperation when the partner exits', () => {
    const h = yali();
    h.exit('C1', '2024-01-01');
    const view = h.view();
    expect(cooperationAt(view, 'C1', { asOf: '2023-12-31' })?.active).toBe(true);
    expect(cooperationAt(view, 'C1', { asOf: '2024-01-01' })?.status).toBe('EXITED');
  });

  it('names the subjects an event touches and the districts a subject touches', () => {
    const h = yali();
    const fee = h.coop('C1', 'CooperationFeeCharged', { amountFen: 100 }, '2022-01-01');
    const view = h.view();
    const event = h.events.find((e) => e.eventId === fee)!;
    expect(subjectsTouchedBy(event, view)).toEqual([
      { type: 'cooperation', id: 'C1' },
      { type: 'group', id: 'G1' },
      { type: 'school', id: '4301000001' },
      { type: 'school', id: '4301000002' },
    ]);
    expect(districtsOf({ type: 'group', id: 'G1' }, view)).toEqual(['430103', '430104']);
    expect(districtsOf({ type: 'cooperation', id: 'C1' }, view)).toEqual(['430103', '430104']);
    expect(districtsOf({ type: 'school', id: '4301000002' }, view)).toEqual(['430104']);
  });

  it('a cooperation proposed again after its proposal was retracted: its events touch the group and schools of the proposal that counts, so are its districts (ADR 0180)', () => {
    const h = history();
    h.school('4301000001', { districtCode: '430103' });
    h.school('4301000002', { districtCode: '430104' });
    h.school('4301000003', { districtCode: '430111' });
    h.group('G1', '4301000001', '2021-02-01');
    h.group('G2', '4301000001', '2021-02-01');
    const first = h.propose('C1', 'G1', '4301000001', '4301000002', '2021-03-01');
    h.record('cooperation', 'C1', 'EventRetracted', { retractedEventId: first, reason: '录入错误' }, '2021-03-02');
    h.propose('C1', 'G2', '4301000001', '4301000003', '2021-03-03');
    const admitted = h.admit('C1', '2021-04-01');
    const view = h.view();
    expect(subjectsTouchedBy(h.events.find((e) => e.eventId === admitted)!, view)).toEqual([
      { type: 'cooperation', id: 'C1' },
      { type: 'group', id: 'G2' },
      { type: 'school', id: '4301000001' },
      { type: 'school', id: '4301000003' },
    ]);
    // The retraction touched the retracted proposal's group and schools.
    expect(subjectsTouchedBy(h.events.find((e) => e.type === 'EventRetracted')!, view).map((s) => s.id)).toEqual(expect.arrayContaining(['G1', '4301000002']));
    expect(districtsOf({ type: 'cooperation', id: 'C1' }, view)).toEqual(['430103', '430111']);
  });
});
