import { r03ContractReview as rule } from './r03-contract-review.rule';
import { SIX_DOCUMENTS, history } from './testing/history';
import { LEAD, PARTNER, leadAndPartner } from './testing/fixtures';
import { coopRef, judgeRule } from './testing/judge';

function base() {
  const h = history();
  leadAndPartner(h);
  h.propose('C1', 'G1', LEAD, PARTNER, '2021-02-01');
  return h;
}

describe('R03 CONTRACT_REVIEW', () => {
  describe('given a complete draft, the review approval, the signature, then the admission', () => {
    it('then nothing is found', () => {
      const h = base();
      h.coop('C1', 'ContractDraftSubmitted', { documents: SIX_DOCUMENTS }, '2021-03-01');
      h.coop('C1', 'ContractReviewApproved', { documentNo: '审1' }, '2021-04-01');
      h.sign('C1', '2021-04-01', '2021-09-01', '2024-08-31');
      h.admit('C1', '2021-09-01');
      expect(judgeRule(rule, h.view(), coopRef('C1'), '2022-01-01')).toEqual([]);
    });
  });

  describe('given a draft without its background material, completed later', () => {
    it('then it is a violation from the draft, resolved by the complete draft', () => {
      const h = base();
      h.coop('C1', 'ContractDraftSubmitted', { documents: SIX_DOCUMENTS.slice(0, 5) }, '2021-03-01');
      expect(judgeRule(rule, h.view(), coopRef('C1'), '2021-03-15')).toMatchObject([{ since: '2021-03-01', status: 'OPEN' }]);
      h.coop('C1', 'ContractDraftSubmitted', { documents: SIX_DOCUMENTS }, '2021-03-20');
      const [f] = judgeRule(rule, h.view(), coopRef('C1'), '2021-04-01');
      expect(f).toMatchObject({ status: 'RESOLVED', resolvedOn: '2021-03-20' });
      expect(f.message.zh).toContain('BACKGROUND');
    });
  });

  describe('given a contract signed the day before the review approval', () => {
    it('then signing before the bureau’s review is a violation', () => {
      const h = base();
      h.coop('C1', 'ContractDraftSubmitted', { documents: SIX_DOCUMENTS }, '2021-03-01');
      const signed = h.sign('C1', '2021-03-31', '2021-09-01', '2024-08-31');
      h.coop('C1', 'ContractReviewApproved', { documentNo: '审1' }, '2021-04-01');
      expect(judgeRule(rule, h.view(), coopRef('C1'), '2021-05-01')).toMatchObject([{ since: '2021-03-31', evidence: [signed], status: 'OPEN' }]);
    });
  });

  describe('given a partner admitted before any contract is signed', () => {
    it('then the admission is a violation until the signature', () => {
      const h = base();
      h.coop('C1', 'ContractDraftSubmitted', { documents: SIX_DOCUMENTS }, '2021-03-01');
      h.coop('C1', 'ContractReviewApproved', { documentNo: '审1' }, '2021-04-01');
      h.admit('C1', '2021-05-01');
      h.sign('C1', '2021-06-01', '2021-09-01', '2024-08-31');
      expect(judgeRule(rule, h.view(), coopRef('C1'), '2021-05-15')).toMatchObject([{ since: '2021-05-01', status: 'OPEN' }]);
      expect(judgeRule(rule, h.view(), coopRef('C1'), '2021-07-01')).toMatchObject([{ since: '2021-05-01', status: 'RESOLVED', resolvedOn: '2021-06-01' }]);
    });
  });
});
