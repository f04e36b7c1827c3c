import { r17TermLimit as rule } from './r17-term-limit.rule';
import { history } from './testing/history';
import { LEAD, PARTNER, leadAndPartner } from './testing/fixtures';
import { coopRef, judgeRule } from './testing/judge';

function given(termEnd: string, signedOn = '2021-08-01') {
  const h = history();
  leadAndPartner(h);
  h.propose('C1', 'G1', LEAD, PARTNER, '2020-06-01');
  h.sign('C1', signedOn, '2021-09-01', termEnd);
  return judgeRule(rule, h.view(), coopRef('C1'), '2021-12-31');
}

describe('R17 TERM_LIMIT', () => {
  describe('given a six-year term 2021-09-01 – 2027-09-01', () => {
    it('then nothing is found', () => expect(given('2027-09-01')).toEqual([]));
  });
  describe('given a term ending one day later', () => {
    it('then it is a warning from the signature', () => expect(given('2027-09-02')).toMatchObject([{ severity: 'warning', since: '2021-08-01', status: 'OPEN' }]));
  });
  describe('given the long term signed in 2020', () => {
    it('then it is judged by no rule', () => expect(given('2030-09-01', '2020-12-31')).toEqual([]));
  });
});
