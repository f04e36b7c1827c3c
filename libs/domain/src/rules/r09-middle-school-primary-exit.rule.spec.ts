import { r09MiddleSchoolPrimaryExit as rule } from './r09-middle-school-primary-exit.rule';
import { history } from './testing/history';
import { LEAD, PARTNER, leadAndPartner } from './testing/fixtures';
import { coopRef, judgeRule } from './testing/judge';

function given(admittedOn: string, exitOn?: string) {
  const h = history();
  leadAndPartner(h, {}, { stages: ['PRIMARY'] });
  h.propose('C1', 'G1', LEAD, PARTNER, '2019-01-01', 'ENTRUSTED_MANAGEMENT');
  h.admit('C1', admittedOn);
  if (exitOn) h.exit('C1', exitOn, 'POLICY');
  return h.view();
}

describe('R09 MIDDLE_SCHOOL_PRIMARY_EXIT', () => {
  describe('given a primary school entrust-managed by a middle school since 2019', () => {
    it('then on 2021-12-31 it is still within the deadline', () => expect(judgeRule(rule, given('2019-09-01'), coopRef('C1'), '2021-12-31')).toEqual([]));
    it('then from 2022-01-01 it is a violation (time alone)', () =>
      expect(judgeRule(rule, given('2019-09-01'), coopRef('C1'), '2022-01-01')).toMatchObject([{ since: '2022-01-01', status: 'OPEN' }]));
    it('then its exit on 2021-12-31 satisfies the rule', () => expect(judgeRule(rule, given('2019-09-01', '2021-12-31'), coopRef('C1'), '2023-01-01')).toEqual([]));
    it('then a late exit resolves it', () =>
      expect(judgeRule(rule, given('2019-09-01', '2022-03-01'), coopRef('C1'), '2023-01-01')).toMatchObject([{ status: 'RESOLVED', resolvedOn: '2022-03-01' }]));
  });
  describe('given such a primary admitted in 2021', () => {
    it('then it is a violation at once', () => expect(judgeRule(rule, given('2021-03-01'), coopRef('C1'), '2021-03-01')).toMatchObject([{ since: '2021-03-01' }]));
  });
});
