import { r21SpinOffExit as rule } from './r21-spin-off-exit.rule';
import { history } from './testing/history';
import { LEAD, PARTNER, leadAndPartner } from './testing/fixtures';
import { coopRef, judgeRule } from './testing/judge';

function given(exitOn?: string) {
  const h = history();
  leadAndPartner(h);
  h.cooperate('C1', 'G1', LEAD, PARTNER, '2021-03-01');
  if (exitOn) h.exit('C1', exitOn, 'SPIN_OFF');
  h.group('G2', PARTNER, '2022-05-01', { groupId: 'G1', leadSchoolId: LEAD });
  return judgeRule(rule, h.view(), coopRef('C1'), '2022-12-31');
}

describe('R21 SPIN_OFF_EXIT', () => {
  describe('given a partner that forms its own group while still in the original one', () => {
    it('then it is a warning from the new group’s formation', () => expect(given()).toMatchObject([{ severity: 'warning', since: '2022-05-01', status: 'OPEN' }]));
  });
  describe('given the partner exited the day before forming its group', () => {
    it('then nothing is found', () => expect(given('2022-04-30')).toEqual([]));
  });
  describe('given the partner exits after forming its group', () => {
    it('then the exit resolves it', () => expect(given('2022-06-01')).toMatchObject([{ status: 'RESOLVED', resolvedOn: '2022-06-01' }]));
  });
});
