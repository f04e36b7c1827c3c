import type { Authority } from '../shared/terms';
import { r19ExpiryNotice as rule } from './r19-expiry-notice.rule';
import { CITY_BUREAU, districtBureau, doc, history } from './testing/history';
import { LEAD, PARTNER, leadAndPartner } from './testing/fixtures';
import { coopRef, judgeRule } from './testing/judge';

/** Term ends 2027-03-31: the notice is due by 2026-09-30 (six months before). */
function given(notice?: { on: string; recipients: Authority[] }, extendedOn?: string) {
  const h = history();
  leadAndPartner(h);
  h.cooperate('C1', 'G1', LEAD, PARTNER, '2021-04-01', { termEnd: '2027-03-31' });
  if (extendedOn) h.coop('C1', 'CooperationExtended', { newTermEnd: '2030-03-31', documentNo: '延1' }, extendedOn);
  if (notice) h.coop('C1', 'TerminationNoticeFiled', { recipients: notice.recipients, plan: doc('TERMINATION_PLAN') }, notice.on);
  return h.view();
}
const BOTH = [CITY_BUREAU, districtBureau('430104')];

describe('R19 EXPIRY_NOTICE', () => {
  describe('given the notice filed with both authorities on the last allowed day (2026-09-30)', () => {
    it('then nothing is found', () => expect(judgeRule(rule, given({ on: '2026-09-30', recipients: BOTH }), coopRef('C1'), '2027-01-01')).toEqual([]));
  });
  describe('given the notice filed one day late', () => {
    it('then it was overdue from 2026-10-01, resolved by the late notice', () =>
      expect(judgeRule(rule, given({ on: '2026-10-01', recipients: BOTH }), coopRef('C1'), '2027-01-01')).toMatchObject([
        { severity: 'violation', since: '2026-10-01', status: 'RESOLVED', resolvedOn: '2026-10-01' },
      ]));
  });
  describe('given no notice at all', () => {
    it('then nothing is due on 2026-09-30', () => expect(judgeRule(rule, given(), coopRef('C1'), '2026-09-30')).toEqual([]));
    it('then it is overdue on 2026-10-01 (time alone)', () => expect(judgeRule(rule, given(), coopRef('C1'), '2026-10-01')).toMatchObject([{ since: '2026-10-01', status: 'OPEN' }]));
  });
  describe('given the notice filed only with the lead’s own authority', () => {
    it('then “both authorities” is not met', () => expect(judgeRule(rule, given({ on: '2026-06-01', recipients: [CITY_BUREAU] }), coopRef('C1'), '2027-01-01')).toHaveLength(1));
  });
  describe('given an extension recorded before the due date', () => {
    it('then no notice is due for the old term', () => expect(judgeRule(rule, given(undefined, '2026-06-01'), coopRef('C1'), '2027-01-01')).toEqual([]));
  });
});
