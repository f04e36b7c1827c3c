import { r15Charter as rule } from './r15-charter.rule';
import { doc, history } from './testing/history';
import { LEAD } from './testing/fixtures';
import { groupRef, judgeRule } from './testing/judge';

function given(charterOn?: string, planOn?: string) {
  const h = history();
  h.school(LEAD);
  h.group('G1', LEAD, '2021-03-01');
  if (charterOn) h.groupEvent('G1', 'CharterAdopted', { document: doc('CHARTER') }, charterOn);
  if (planOn) h.groupEvent('G1', 'DevelopmentPlanAdopted', { document: doc('DEVELOPMENT_PLAN') }, planOn);
  return h.view();
}

describe('R15 CHARTER (180 days from 2021-03-01: by 2021-08-28)', () => {
  describe('given charter and plan adopted on the last allowed day', () => {
    it('then nothing is found', () => expect(judgeRule(rule, given('2021-08-28', '2021-08-28'), groupRef('G1'), '2022-01-01')).toEqual([]));
  });
  describe('given the plan adopted one day late', () => {
    it('then it is an advisory finding, resolved that day', () =>
      expect(judgeRule(rule, given('2021-08-28', '2021-08-29'), groupRef('G1'), '2022-01-01')).toMatchObject([
        { severity: 'advisory', since: '2021-08-29', status: 'RESOLVED', resolvedOn: '2021-08-29' },
      ]));
  });
  describe('given no plan at all', () => {
    it('then it is open from 2021-08-29 and names the plan', () => {
      const [f] = judgeRule(rule, given('2021-05-01'), groupRef('G1'), '2021-09-01');
      expect(f).toMatchObject({ since: '2021-08-29', status: 'OPEN' });
      expect(f.message.zh).toContain('长远发展规划');
    });
    it('then before the deadline nothing is found', () => expect(judgeRule(rule, given('2021-05-01'), groupRef('G1'), '2021-08-28')).toEqual([]));
  });
});
