import { r18ExtensionLimit as rule } from './r18-extension-limit.rule';
import { history } from './testing/history';
import { LEAD, PARTNER, leadAndPartner } from './testing/fixtures';
import { coopRef, judgeRule } from './testing/judge';

function given(...ends: string[]) {
  const h = history();
  leadAndPartner(h);
  h.cooperate('C1', 'G1', LEAD, PARTNER, '2021-09-01', { termEnd: '2024-08-31' });
  ends.forEach((e, i) => h.coop('C1', 'CooperationExtended', { newTermEnd: e, documentNo: `延${i}` }, `2024-0${i + 1}-01`));
  return judgeRule(rule, h.view(), coopRef('C1'), '2025-01-01');
}

describe('R18 EXTENSION_LIMIT', () => {
  describe('given two extensions adding up to exactly six years', () => {
    it('then nothing is found', () => expect(given('2027-08-31', '2030-08-31')).toEqual([]));
  });
  describe('given extensions adding up to six years and a day', () => {
    it('then it is a warning from the extension that crossed the limit', () => expect(given('2027-08-31', '2030-09-01')).toMatchObject([{ severity: 'warning', since: '2024-02-01' }]));
  });
});
