import { r22SpinOffBrand as rule } from './r22-spin-off-brand.rule';
import { history } from './testing/history';
import { LEAD, OTHER, PARTNER, leadAndPartner } from './testing/fixtures';
import { groupRef, judgeRule } from './testing/judge';

function given(owner: string, withdrawnOn?: string) {
  const h = history();
  leadAndPartner(h);
  h.school(OTHER, { districtCode: '430111' });
  h.group('G2', PARTNER, '2022-05-01', { groupId: 'G1', leadSchoolId: LEAD });
  h.cooperate('C2', 'G2', PARTNER, OTHER, '2022-06-01');
  h.schoolEvent(OTHER, 'BrandUsageRecorded', { brandOwnerSchoolId: owner, elements: ['EMBLEM', 'UNIFORM'], purpose: 'GENERAL' }, '2022-07-01');
  if (withdrawnOn) h.schoolEvent(OTHER, 'BrandWithdrawn', { brandOwnerSchoolId: owner, elements: ['EMBLEM', 'UNIFORM'] }, withdrawnOn);
  return judgeRule(rule, h.view(), groupRef('G2'), '2022-12-31');
}

describe('R22 SPIN_OFF_BRAND', () => {
  describe('given a member of the spun-off group using the original lead’s emblem and uniform', () => {
    it('then it is a violation', () => expect(given(LEAD)).toMatchObject([{ severity: 'violation', since: '2022-07-01', status: 'OPEN' }]));
    it('then withdrawing them resolves it', () => expect(given(LEAD, '2022-09-01')).toMatchObject([{ status: 'RESOLVED', resolvedOn: '2022-09-01' }]));
  });
  describe('given the member using the new lead’s brand', () => {
    it('then nothing is found', () => expect(given(PARTNER)).toEqual([]));
  });
});
