import { r10OnePartnerPerDistrict as rule } from './r10-one-partner-per-district.rule';
import { history } from './testing/history';
import { LEAD, OTHER, PARTNER, leadAndPartner } from './testing/fixtures';
import { judgeRule, schoolRef } from './testing/judge';

function given(otherDistrict: string, exitOn?: string) {
  const h = history();
  leadAndPartner(h);
  h.school(OTHER, { districtCode: otherDistrict });
  h.propose('C1', 'G1', LEAD, PARTNER, '2021-02-01');
  h.admit('C1', '2021-03-01');
  h.propose('C2', 'G1', LEAD, OTHER, '2021-02-01');
  h.admit('C2', '2021-04-01');
  if (exitOn) h.exit('C1', exitOn);
  return judgeRule(rule, h.view(), schoolRef(LEAD), '2021-12-31');
}

describe('R10 ONE_PARTNER_PER_DISTRICT', () => {
  describe('given a second active partner in 岳麓区 (430104)', () => {
    it('then it is a violation from the second admission', () => {
      const [f] = given('430104');
      expect(f).toMatchObject({ ruleId: 'R10', severity: 'violation', since: '2021-04-01', status: 'OPEN' });
      expect(f.message.zh).toContain('430104');
    });
    it('then the first partner’s exit resolves it', () => expect(given('430104', '2021-06-01')).toMatchObject([{ status: 'RESOLVED', resolvedOn: '2021-06-01' }]));
  });
  describe('given the second partner in 雨花区 (430111)', () => {
    it('then nothing is found', () => expect(given('430111')).toEqual([]));
  });
});
