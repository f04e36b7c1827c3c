import { r25BrandWithdrawal as rule } from './r25-brand-withdrawal.rule';
import type { SchoolSpec } from './testing/history';
import { history } from './testing/history';
import { LEAD, PARTNER, leadAndPartner } from './testing/fixtures';
import { coopRef, judgeRule } from './testing/judge';

/** Exit 2023-07-01: the withdrawal is due by 2023-09-29 (90 days). */
function given(partner: SchoolSpec, withdrawnOn?: string) {
  const h = history();
  leadAndPartner(h, {}, partner);
  h.cooperate('C1', 'G1', LEAD, PARTNER, '2021-03-01');
  h.schoolEvent(PARTNER, 'BrandUsageRecorded', { brandOwnerSchoolId: LEAD, elements: ['EMBLEM', 'UNIFORM'], purpose: 'GENERAL' }, '2021-04-01');
  h.exit('C1', '2023-07-01');
  if (withdrawnOn) h.schoolEvent(PARTNER, 'BrandWithdrawn', { brandOwnerSchoolId: LEAD, elements: ['EMBLEM', 'UNIFORM'] }, withdrawnOn);
  return h.view();
}
const outside: SchoolSpec = { inChangsha: false, districtCode: '430302' };

describe('R25 BRAND_WITHDRAWAL', () => {
  describe('given an outside-city former partner that withdraws the brand on day 90', () => {
    it('then nothing is found', () => expect(judgeRule(rule, given(outside, '2023-09-29'), coopRef('C1'), '2024-01-01')).toEqual([]));
  });
  describe('given the withdrawal on day 91', () => {
    it('then it was a warning from 2023-09-30, resolved by the withdrawal', () =>
      expect(judgeRule(rule, given(outside, '2023-09-30'), coopRef('C1'), '2024-01-01')).toMatchObject([
        { severity: 'warning', since: '2023-09-30', status: 'RESOLVED', resolvedOn: '2023-09-30' },
      ]));
  });
  describe('given no withdrawal', () => {
    it('then on day 90 nothing is due', () => expect(judgeRule(rule, given(outside), coopRef('C1'), '2023-09-29')).toEqual([]));
    it('then the next day it is open', () => expect(judgeRule(rule, given(outside), coopRef('C1'), '2023-09-30')).toMatchObject([{ status: 'OPEN' }]));
  });
  describe('given a PUBLIC in-city former partner that keeps the brand', () => {
    it('then R25 does not apply', () => expect(judgeRule(rule, given({}), coopRef('C1'), '2024-01-01')).toEqual([]));
  });
});
