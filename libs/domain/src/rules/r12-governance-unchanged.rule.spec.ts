import { r12GovernanceUnchanged as rule } from './r12-governance-unchanged.rule';
import { history } from './testing/history';
import { LEAD, PARTNER, leadAndPartner } from './testing/fixtures';
import { coopRef, judgeRule } from './testing/judge';

function given(on: string, attributedToGroupId?: string) {
  const h = history();
  leadAndPartner(h);
  h.cooperate('C1', 'G1', LEAD, PARTNER, '2021-03-01');
  h.exit('C1', '2022-03-01');
  h.schoolEvent(PARTNER, 'SchoolGovernanceChanged', { field: 'LEGAL_REPRESENTATIVE', attributedToGroupId }, on);
  return judgeRule(rule, h.view(), coopRef('C1'), '2022-12-31');
}

describe('R12 GOVERNANCE_UNCHANGED', () => {
  describe('given the partner’s legal representative changed by the group during the cooperation', () => {
    it('then it is a violation', () => {
      const [f] = given('2021-09-01', 'G1');
      expect(f).toMatchObject({ severity: 'violation', since: '2021-09-01', status: 'OPEN' });
      expect(f.message.zh).toContain('法人代表');
    });
  });
  describe('given a change not attributed to the group', () => {
    it('then nothing is found', () => expect(given('2021-09-01')).toEqual([]));
  });
  describe('given the change on the exit day', () => {
    it('then the cooperation was no longer active', () => expect(given('2022-03-01', 'G1')).toEqual([]));
  });
});
