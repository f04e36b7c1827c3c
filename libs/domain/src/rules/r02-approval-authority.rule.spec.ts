import type { Authority } from '../shared/terms';
import { r02ApprovalAuthority as rule } from './r02-approval-authority.rule';
import type { SchoolSpec } from './testing/history';
import { CITY_BUREAU, CITY_GOVERNMENT, districtBureau, districtGovernment, history } from './testing/history';
import { LEAD, PARTNER, leadAndPartner } from './testing/fixtures';
import { coopRef, judgeRule } from './testing/judge';

type Approval = { authority: Authority; on: string; applicants?: unknown[] };

function judge(lead: SchoolSpec, partner: SchoolSpec, approvals: Approval[], admittedOn = '2021-05-01', params = {}) {
  const h = history();
  leadAndPartner(h, lead, partner);
  h.propose('C1', 'G1', LEAD, PARTNER, '2021-02-01');
  for (const a of approvals) h.approve('C1', a.authority, a.on, a.applicants ?? []);
  h.admit('C1', admittedOn);
  return judgeRule(rule, h.view(), coopRef('C1'), '2021-12-31', params);
}

const cityDirect: SchoolSpec = { administration: 'CITY_DIRECT', districtCode: '430102' };
const districtPublic: SchoolSpec = { administration: 'DISTRICT', districtCode: '430104', ownership: 'PUBLIC' };
const leadApplicant = { schoolId: LEAD };

describe('R02 APPROVAL_AUTHORITY', () => {
  describe('case 1: city-direct lead and city-direct partner → the city bureau, applied for by the lead', () => {
    it('then the bureau approval on the lead’s application suffices', () => {
      expect(judge({}, cityDirect, [{ authority: CITY_BUREAU, on: '2021-04-01', applicants: [leadApplicant] }])).toEqual([]);
    });
    it('then an approval not applied for by the lead is a violation', () => {
      expect(judge({}, cityDirect, [{ authority: CITY_BUREAU, on: '2021-04-01', applicants: [] }])).toHaveLength(1);
    });
    it('then an approval recorded the day after admission is a violation from the admission day', () => {
      const [f] = judge({}, cityDirect, [{ authority: CITY_BUREAU, on: '2021-05-02', applicants: [leadApplicant] }]);
      expect(f).toMatchObject({ since: '2021-05-01', status: 'OPEN', severity: 'violation' });
    });
  });

  describe('case 2: city-direct lead and a district public partner → the city bureau, on the joint application of the partner’s district government and the lead', () => {
    const joint = [{ authority: districtGovernment('430104') }, leadApplicant];
    it('then the joint application approved by the city bureau suffices', () => {
      expect(judge({}, districtPublic, [{ authority: CITY_BUREAU, on: '2021-04-01', applicants: joint }])).toEqual([]);
    });
    it('then the lead applying alone is a violation', () => {
      const [f] = judge({}, districtPublic, [{ authority: CITY_BUREAU, on: '2021-04-01', applicants: [leadApplicant] }]);
      expect(f.message.zh).toContain('区县（市）人民政府(430104)');
    });
  });

  describe('case 3: a private, outside-city or Sino-foreign partner → the city bureau, then the city government', () => {
    it('then both, in that order, suffice (private partner)', () => {
      expect(judge({}, { ownership: 'PRIVATE' }, [{ authority: CITY_BUREAU, on: '2021-03-01' }, { authority: CITY_GOVERNMENT, on: '2021-04-01' }])).toEqual([]);
    });
    it('then the government before the bureau is a violation', () => {
      expect(judge({}, { ownership: 'PRIVATE' }, [{ authority: CITY_GOVERNMENT, on: '2021-03-01' }, { authority: CITY_BUREAU, on: '2021-04-01' }])).toHaveLength(1);
    });
    it('then the bureau alone is a violation for a partner outside the city', () => {
      expect(judge({}, { inChangsha: false, districtCode: '430302' }, [{ authority: CITY_BUREAU, on: '2021-03-01', applicants: [leadApplicant] }])).toHaveLength(1);
    });
    it('then a Sino-foreign partner also needs the city government', () => {
      expect(judge({}, { sinoForeign: true, ...cityDirect }, [{ authority: CITY_BUREAU, on: '2021-03-01', applicants: [leadApplicant] }])).toHaveLength(1);
    });
  });

  describe('case 4: a district lead → its own district bureau (default reading of §4.1)', () => {
    const districtLead: SchoolSpec = { administration: 'DISTRICT', districtCode: '430105' };
    it('then the lead’s district bureau suffices', () => {
      expect(judge(districtLead, districtPublic, [{ authority: districtBureau('430105'), on: '2021-04-01' }])).toEqual([]);
    });
    it('then another district’s bureau is a violation', () => {
      expect(judge(districtLead, districtPublic, [{ authority: districtBureau('430104'), on: '2021-04-01' }])).toHaveLength(1);
    });
    it('then a district override (its government) replaces the bureau', () => {
      const params = { districtLeadApprovals: [districtGovernment('430105')] };
      expect(judge(districtLead, districtPublic, [{ authority: districtBureau('430105'), on: '2021-04-01' }], '2021-05-01', params)).toHaveLength(1);
      expect(judge(districtLead, districtPublic, [{ authority: districtGovernment('430105'), on: '2021-04-01' }], '2021-05-01', params)).toEqual([]);
    });
  });

  describe('given an admission on 2020-12-31 vs 2021-01-01 without approval', () => {
    it('then only the 2021 admission is judged', () => {
      expect(judge({}, cityDirect, [], '2020-12-31')).toEqual([]);
      expect(judge({}, cityDirect, [], '2021-01-01')).toHaveLength(1);
    });
  });
});
