import { r20NoOverrun as rule } from './r20-no-overrun.rule';
import { history } from './testing/history';
import { LEAD, PARTNER, leadAndPartner } from './testing/fixtures';
import { coopRef, judgeRule } from './testing/judge';

function given(after?: { type: 'extend' | 'exit'; on: string }) {
  const h = history();
  leadAndPartner(h);
  h.cooperate('C1', 'G1', LEAD, PARTNER, '2021-09-01', { termEnd: '2024-08-31' });
  if (after?.type === 'extend') h.coop('C1', 'CooperationExtended', { newTermEnd: '2027-08-31', documentNo: '延1' }, after.on);
  if (after?.type === 'exit') h.exit('C1', after.on);
  return h.view();
}

describe('R20 NO_OVERRUN (term ends 2024-08-31)', () => {
  describe('given no extension and no exit', () => {
    it('then on the last day of the term nothing is found', () => expect(judgeRule(rule, given(), coopRef('C1'), '2024-08-31')).toEqual([]));
    it('then the day after, it is a violation (time alone)', () => expect(judgeRule(rule, given(), coopRef('C1'), '2024-09-01')).toMatchObject([{ since: '2024-09-01', status: 'OPEN' }]));
  });
  describe('given an extension recorded a month after the term ended', () => {
    it('then the overrun is resolved by the extension', () =>
      expect(judgeRule(rule, given({ type: 'extend', on: '2024-10-01' }), coopRef('C1'), '2025-01-01')).toMatchObject([{ status: 'RESOLVED', resolvedOn: '2024-10-01' }]));
  });
  describe('given the partner exits on the term’s last day', () => {
    it('then nothing is found', () => expect(judgeRule(rule, given({ type: 'exit', on: '2024-08-31' }), coopRef('C1'), '2025-01-01')).toEqual([]));
  });
});
