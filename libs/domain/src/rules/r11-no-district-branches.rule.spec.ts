import { r11NoDistrictBranches as rule } from './r11-no-district-branches.rule';
import { CITY_BUREAU, districtBureau, history } from './testing/history';
import type { Authority } from '../shared/terms';
import { LEAD, PARTNER, leadAndPartner } from './testing/fixtures';
import { judgeRule, schoolRef } from './testing/judge';

function given(by: Authority, admitted = true) {
  const h = history();
  leadAndPartner(h);
  h.propose('C1', 'G1', LEAD, PARTNER, '2021-02-01');
  if (admitted) h.admit('C1', '2021-03-01');
  h.schoolEvent(PARTNER, 'BranchCampusEstablished', { branchName: '分校', establishedBy: by }, '2021-06-01');
  return judgeRule(rule, h.view(), schoolRef(PARTNER), '2021-12-31');
}

describe('R11 NO_DISTRICT_BRANCHES', () => {
  describe('given a district bureau setting up a branch of a partner school', () => {
    it('then it is a violation', () => expect(given(districtBureau('430104'))).toMatchObject([{ ruleId: 'R11', since: '2021-06-01', status: 'OPEN' }]));
  });
  describe('given the city bureau setting it up', () => {
    it('then nothing is found', () => expect(given(CITY_BUREAU)).toEqual([]));
  });
  describe('given a school that is not (yet) a partner', () => {
    it('then nothing is found', () => expect(given(districtBureau('430104'), false)).toEqual([]));
  });
});
