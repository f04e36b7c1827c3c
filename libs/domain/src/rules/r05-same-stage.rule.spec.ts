import { r05SameStage as rule } from './r05-same-stage.rule';
import type { Stage } from '../shared/terms';
import { history } from './testing/history';
import { LEAD, PARTNER, leadAndPartner } from './testing/fixtures';
import { coopRef, judgeRule } from './testing/judge';

function given(partnerStages: Stage[], exitOn?: string) {
  const h = history();
  leadAndPartner(h, {}, { stages: partnerStages });
  h.cooperate('C1', 'G1', LEAD, PARTNER, '2021-03-01');
  if (exitOn) h.exit('C1', exitOn);
  return judgeRule(rule, h.view(), coopRef('C1'), '2022-01-01');
}

describe('R05 SAME_STAGE', () => {
  describe('given a JUNIOR+SENIOR lead and a PRIMARY partner', () => {
    it('then it is a warning from the admission', () => expect(given(['PRIMARY'])).toMatchObject([{ severity: 'warning', since: '2021-03-01', status: 'OPEN' }]));
    it('then the exit resolves it', () => expect(given(['PRIMARY'], '2021-09-01')).toMatchObject([{ status: 'RESOLVED', resolvedOn: '2021-09-01' }]));
  });
  describe('given a partner sharing the JUNIOR stage', () => {
    it('then nothing is found', () => expect(given(['PRIMARY', 'JUNIOR'])).toEqual([]));
  });
});
