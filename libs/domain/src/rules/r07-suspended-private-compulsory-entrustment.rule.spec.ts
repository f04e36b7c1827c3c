import type { Stage } from '../shared/terms';
import { r07SuspendedPrivateCompulsoryEntrustment as rule } from './r07-suspended-private-compulsory-entrustment.rule';
import { history } from './testing/history';
import { LEAD, PARTNER, leadAndPartner } from './testing/fixtures';
import { coopRef, judgeRule } from './testing/judge';

function given(stages: Stage[], ownership: 'PUBLIC' | 'PRIVATE' = 'PRIVATE', on = '2021-03-01') {
  const h = history();
  leadAndPartner(h, {}, { ownership, stages });
  h.propose('C1', 'G1', LEAD, PARTNER, '2020-11-01', 'ENTRUSTED_MANAGEMENT');
  h.admit('C1', on);
  return judgeRule(rule, h.view(), coopRef('C1'), '2021-06-01');
}

describe('R07 SUSPENDED_PRIVATE_COMPULSORY_ENTRUSTMENT', () => {
  describe('given a public lead entrust-managing a private primary school admitted in 2021', () => {
    it('then it is a violation', () => expect(given(['PRIMARY'])).toMatchObject([{ ruleId: 'R07', since: '2021-03-01' }]));
  });
  describe('given a private senior high school (not compulsory education)', () => {
    it('then nothing is found', () => expect(given(['SENIOR'])).toEqual([]));
  });
  describe('given a public junior school', () => {
    it('then nothing is found', () => expect(given(['JUNIOR'], 'PUBLIC')).toEqual([]));
  });
  describe('given the private junior school admitted on 2020-12-31', () => {
    it('then it is judged by no rule', () => expect(given(['JUNIOR'], 'PRIVATE', '2020-12-31')).toEqual([]));
  });
});
