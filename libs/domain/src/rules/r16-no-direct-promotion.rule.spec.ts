import { r16NoDirectPromotion as rule } from './r16-no-direct-promotion.rule';
import { history } from './testing/history';
import { LEAD } from './testing/fixtures';
import { groupRef, judgeRule } from './testing/judge';

function given(enrolmentYear: number, on: string) {
  const h = history();
  h.school(LEAD);
  h.group('G1', LEAD, '2019-03-01');
  const id = h.groupEvent('G1', 'DirectPromotionPlanPublished', { enrolmentYear, quota: 50 }, on);
  return { view: h.view(), id };
}

describe('R16 NO_DIRECT_PROMOTION', () => {
  describe('given a direct-promotion plan for 2021 published in 2021', () => {
    it('then it is a violation with the plan as evidence', () => {
      const { view, id } = given(2021, '2021-03-01');
      expect(judgeRule(rule, view, groupRef('G1'), '2021-06-01')).toMatchObject([{ severity: 'violation', since: '2021-03-01', evidence: [id], status: 'OPEN' }]);
    });
  });
  describe('given a plan for 2020 enrolment', () => {
    it('then nothing is found', () => expect(judgeRule(rule, given(2020, '2020-03-01').view, groupRef('G1'), '2021-06-01')).toEqual([]));
  });
  describe('given a plan for 2021 published on 2020-12-31', () => {
    it('then it is judged from the policy’s first day (see docs/policy-readings.md)', () =>
      expect(judgeRule(rule, given(2021, '2020-12-31').view, groupRef('G1'), '2021-06-01')).toMatchObject([{ since: '2021-01-01' }]));
  });
});
