import { r01NegotiationConsent as rule } from './r01-negotiation-consent.rule';
import { CITY_BUREAU, SIX_DOCUMENTS, history } from './testing/history';
import { LEAD, PARTNER, leadAndPartner } from './testing/fixtures';
import { coopRef, judgeRule } from './testing/judge';

function given(opts: { leadAdministration?: 'CITY_DIRECT' | 'DISTRICT'; consentOn?: string; draftOn: string }) {
  const h = history();
  leadAndPartner(h, { administration: opts.leadAdministration ?? 'CITY_DIRECT' });
  h.propose('C1', 'G1', LEAD, PARTNER, '2020-12-01');
  if (opts.consentOn) h.coop('C1', 'NegotiationConsentGranted', { authority: CITY_BUREAU, documentNo: '同意1' }, opts.consentOn);
  const draft = h.coop('C1', 'ContractDraftSubmitted', { documents: SIX_DOCUMENTS }, opts.draftOn);
  return { view: h.view(), draft };
}

describe('R01 NEGOTIATION_CONSENT', () => {
  it('quotes §3.1', () => expect(rule.clause).toMatch(/^§3\.1 市直学校集团化办学要经市教育局同意/));

  describe('given a city-direct lead that submits a contract draft with no city bureau consent', () => {
    it('then it is a violation from the draft day', () => {
      const { view, draft } = given({ draftOn: '2021-03-01' });
      const [f] = judgeRule(rule, view, coopRef('C1'), '2021-06-01');
      expect(f).toMatchObject({ ruleId: 'R01', severity: 'violation', since: '2021-03-01', status: 'OPEN' });
      expect(f.evidence).toContain(draft);
      expect(f.message.zh).toContain('市教育局');
    });
  });

  describe('given the consent was recorded on the draft day', () => {
    it('then nothing is found', () => expect(judgeRule(rule, given({ consentOn: '2021-03-01', draftOn: '2021-03-01' }).view, coopRef('C1'), '2021-06-01')).toEqual([]));
  });

  describe('given the consent came one day after the draft', () => {
    it('then it is a violation', () => expect(judgeRule(rule, given({ consentOn: '2021-03-02', draftOn: '2021-03-01' }).view, coopRef('C1'), '2021-06-01')).toHaveLength(1));
  });

  describe('given a district lead', () => {
    it('then no city consent is needed', () => expect(judgeRule(rule, given({ leadAdministration: 'DISTRICT', draftOn: '2021-03-01' }).view, coopRef('C1'), '2021-06-01')).toEqual([]));
  });

  describe('given the draft was submitted on 2020-12-31 vs 2021-01-01', () => {
    it('then only the 2021 draft is judged', () => {
      expect(judgeRule(rule, given({ draftOn: '2020-12-31' }).view, coopRef('C1'), '2021-06-01')).toEqual([]);
      expect(judgeRule(rule, given({ draftOn: '2021-01-01' }).view, coopRef('C1'), '2021-06-01')).toHaveLength(1);
    });
  });
});
