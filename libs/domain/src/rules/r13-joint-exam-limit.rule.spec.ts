import { r13JointExamLimit as rule } from './r13-joint-exam-limit.rule';
import { history } from './testing/history';
import { LEAD, leadAndPartner } from './testing/fixtures';
import { groupRef, judgeRule } from './testing/judge';

function given(...days: string[]) {
  const h = history();
  leadAndPartner(h);
  for (const d of days) h.groupEvent('G1', 'JointExamHeld', { participants: [LEAD] }, d);
  return judgeRule(rule, h.view(), groupRef('G1'), '2023-06-01');
}

describe('R13 JOINT_EXAM_LIMIT', () => {
  describe('given a second joint exam on Dec 31 of the same year', () => {
    it('then it is a warning from the second exam', () => expect(given('2022-01-10', '2022-12-31')).toMatchObject([{ severity: 'warning', since: '2022-12-31', status: 'OPEN' }]));
  });
  describe('given the second exam on Jan 1 of the next year', () => {
    it('then each year holds one and nothing is found', () => expect(given('2022-01-10', '2023-01-01')).toEqual([]));
  });
  describe('given two exams in 2020, before the policy', () => {
    it('then they are judged by no rule', () => expect(given('2020-03-01', '2020-06-01')).toEqual([]));
  });
});
