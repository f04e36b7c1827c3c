import { r14TwoWayExchange as rule } from './r14-two-way-exchange.rule';
import { history } from './testing/history';
import { LEAD, PARTNER, leadAndPartner } from './testing/fixtures';
import { coopRef, judgeRule } from './testing/judge';

function given(dispatches: { direction: 'LEAD_TO_PARTNER' | 'PARTNER_TO_LEAD'; role: 'MANAGER' | 'KEY_TEACHER' | 'TEACHER'; on: string }[]) {
  const h = history();
  leadAndPartner(h);
  h.cooperate('C1', 'G1', LEAD, PARTNER, '2021-09-01', { termEnd: '2027-08-31' });
  dispatches.forEach((d, i) => h.coop('C1', 'TeacherDispatched', { teacherId: `t${i}`, role: d.role, direction: d.direction }, d.on));
  return h.view();
}

describe('R14 TWO_WAY_EXCHANGE', () => {
  describe('given a key teacher sent out and a teacher shadowing in during school year 2021-2022', () => {
    it('then nothing is found for that year', () => {
      const view = given([
        { direction: 'LEAD_TO_PARTNER', role: 'KEY_TEACHER', on: '2021-10-01' },
        { direction: 'PARTNER_TO_LEAD', role: 'TEACHER', on: '2022-08-31' },
      ]);
      expect(judgeRule(rule, view, coopRef('C1'), '2022-09-01')).toEqual([]);
    });
  });

  describe('given only the lead sent a manager during 2021-2022', () => {
    const view = given([{ direction: 'LEAD_TO_PARTNER', role: 'MANAGER', on: '2021-10-01' }]);
    it('then on Aug 31 the school year is not over and nothing is judged', () => expect(judgeRule(rule, view, coopRef('C1'), '2022-08-31')).toEqual([]));
    it('then on Sep 1 it is an advisory finding (time alone)', () => {
      const [f] = judgeRule(rule, view, coopRef('C1'), '2022-09-01');
      expect(f).toMatchObject({ severity: 'advisory', since: '2022-09-01', status: 'OPEN' });
      expect(f.message.zh).toContain('2021-2022');
    });
  });

  describe('given the exchange shadowing fell on Sep 1, 2022 (the next school year)', () => {
    it('then 2021-2022 lacks it', () => {
      const view = given([
        { direction: 'LEAD_TO_PARTNER', role: 'MANAGER', on: '2021-10-01' },
        { direction: 'PARTNER_TO_LEAD', role: 'TEACHER', on: '2022-09-01' },
      ]);
      expect(judgeRule(rule, view, coopRef('C1'), '2022-09-02')).toHaveLength(1);
    });
  });
});
