import { r23NoSupportAfterExit as rule } from './r23-no-support-after-exit.rule';
import { history } from './testing/history';
import { LEAD, PARTNER, leadAndPartner } from './testing/fixtures';
import { coopRef, judgeRule } from './testing/judge';

function given(add: (h: ReturnType<typeof history>) => void) {
  const h = history();
  leadAndPartner(h);
  h.cooperate('C1', 'G1', LEAD, PARTNER, '2021-03-01');
  h.exit('C1', '2023-07-01');
  add(h);
  return judgeRule(rule, h.view(), coopRef('C1'), '2023-12-31');
}

describe('R23 NO_SUPPORT_AFTER_EXIT (exit 2023-07-01)', () => {
  describe('given a manager sent to the former partner after the exit', () => {
    it('then it is a violation', () =>
      expect(given((h) => h.coop('C1', 'TeacherDispatched', { teacherId: 't1', role: 'MANAGER', direction: 'LEAD_TO_PARTNER' }, '2023-09-01'))).toMatchObject([
        { severity: 'violation', since: '2023-09-01', status: 'OPEN' },
      ]));
  });
  describe('given an ordinary teacher visiting after the exit', () => {
    it('then nothing is found', () => expect(given((h) => h.coop('C1', 'TeacherDispatched', { teacherId: 't1', role: 'TEACHER', direction: 'LEAD_TO_PARTNER' }, '2023-09-01'))).toEqual([]));
  });
  describe('given a cooperation fee charged the day after the exit vs on the exit day', () => {
    it('then only the fee after the exit is a violation', () => {
      expect(given((h) => h.coop('C1', 'CooperationFeeCharged', { amountFen: 100000 }, '2023-07-02'))).toMatchObject([{ since: '2023-07-02' }]);
      expect(given((h) => h.coop('C1', 'CooperationFeeCharged', { amountFen: 100000 }, '2023-07-01'))).toEqual([]);
    });
  });
});
