import type { Stage } from '../shared/terms';
import { r08SuspendedCrossStage as rule } from './r08-suspended-cross-stage.rule';
import { history } from './testing/history';
import { LEAD, PARTNER, leadAndPartner } from './testing/fixtures';
import { coopRef, judgeRule } from './testing/judge';

function given(leadName: string, partnerStages: Stage[]) {
  const h = history();
  leadAndPartner(h, { name: leadName }, { stages: partnerStages });
  h.propose('C1', 'G1', LEAD, PARTNER, '2021-02-01');
  h.admit('C1', '2021-03-01');
  return judgeRule(rule, h.view(), coopRef('C1'), '2021-06-01');
}

describe('R08 SUSPENDED_CROSS_STAGE', () => {
  describe('given 长沙市雅礼中学 admitting a primary school', () => {
    it('then it is a violation', () => expect(given('长沙市雅礼中学', ['PRIMARY'])).toMatchObject([{ ruleId: 'R08', severity: 'violation', since: '2021-03-01' }]));
  });
  describe('given 长沙市长郡中学 admitting a junior school (same stage)', () => {
    it('then nothing is found', () => expect(given('长沙市长郡中学', ['JUNIOR'])).toEqual([]));
  });
  describe('given a lead not on the list admitting a primary school', () => {
    it('then R08 finds nothing (R05 judges it)', () => expect(given('长沙市第一中学', ['PRIMARY'])).toEqual([]));
  });
});
