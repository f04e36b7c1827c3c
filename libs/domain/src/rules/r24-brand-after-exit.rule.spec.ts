import { r24BrandAfterExit as rule } from './r24-brand-after-exit.rule';
import type { SchoolSpec } from './testing/history';
import { history } from './testing/history';
import { LEAD, PARTNER, leadAndPartner } from './testing/fixtures';
import { coopRef, judgeRule } from './testing/judge';

function given(partner: SchoolSpec, purpose: 'GENERAL' | 'TEACHER_RECRUITMENT', usedOn = '2023-08-01', withdrawnOn?: string) {
  const h = history();
  leadAndPartner(h, {}, partner);
  h.cooperate('C1', 'G1', LEAD, PARTNER, '2021-03-01');
  h.exit('C1', '2023-07-01');
  h.schoolEvent(PARTNER, 'BrandUsageRecorded', { brandOwnerSchoolId: LEAD, elements: ['NAME'], purpose }, usedOn);
  if (withdrawnOn) h.schoolEvent(PARTNER, 'BrandWithdrawn', { brandOwnerSchoolId: LEAD, elements: ['NAME'] }, withdrawnOn);
  return judgeRule(rule, h.view(), coopRef('C1'), '2023-12-31');
}

describe('R24 BRAND_AFTER_EXIT (exit 2023-07-01)', () => {
  describe('given a PRIVATE former partner using the lead’s name after the exit', () => {
    it('then it is a violation', () => expect(given({ ownership: 'PRIVATE' }, 'GENERAL')).toMatchObject([{ severity: 'violation', since: '2023-08-01', status: 'OPEN' }]));
    it('then the withdrawal resolves it', () => expect(given({ ownership: 'PRIVATE' }, 'GENERAL', '2023-08-01', '2023-09-01')).toMatchObject([{ status: 'RESOLVED' }]));
  });
  describe('given a PUBLIC in-city former partner keeping the name', () => {
    it('then it is allowed', () => expect(given({}, 'GENERAL')).toEqual([]));
  });
  describe('given a PUBLIC in-city former partner recruiting teachers under the lead’s brand', () => {
    it('then it is a violation for anybody', () => expect(given({}, 'TEACHER_RECRUITMENT')).toMatchObject([{ since: '2023-08-01' }]));
  });
});
