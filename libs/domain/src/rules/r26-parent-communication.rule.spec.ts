import { r26ParentCommunication as rule } from './r26-parent-communication.rule';
import { history } from './testing/history';
import { LEAD, PARTNER, leadAndPartner } from './testing/fixtures';
import { coopRef, judgeRule } from './testing/judge';

function given(communicatedOn?: string) {
  const h = history();
  leadAndPartner(h);
  h.cooperate('C1', 'G1', LEAD, PARTNER, '2021-03-01');
  if (communicatedOn) h.coop('C1', 'ParentCommunicationRecorded', { summary: '家长会' }, communicatedOn);
  h.exit('C1', '2024-03-01');
  return judgeRule(rule, h.view(), coopRef('C1'), '2024-06-01');
}

describe('R26 PARENT_COMMUNICATION', () => {
  describe('given parents were spoken to on the exit day', () => {
    it('then nothing is found', () => expect(given('2024-03-01')).toEqual([]));
  });
  describe('given no parent communication before the exit', () => {
    it('then it is an advisory finding from the exit', () => expect(given()).toMatchObject([{ severity: 'advisory', since: '2024-03-01', status: 'OPEN' }]));
  });
  describe('given the communication only after the exit', () => {
    it('then it still counts as missing', () => expect(given('2024-03-02')).toHaveLength(1));
  });
});
