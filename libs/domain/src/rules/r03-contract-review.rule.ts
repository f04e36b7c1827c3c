import type { Finding } from '../shared/finding';
import type { DocumentKind } from '../shared/terms';
import type { CooperationView } from '../views/states';
import { ALL_DRAFT_DOCUMENTS, CONTRACT_DRAFT_DOCUMENTS, draftDocumentsHeld, missingFromHeld } from '../views/draft-documents';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, breach, cooperationParties, firstOnOrAfter, inForce, push } from './rule';

export { CONTRACT_DRAFT_DOCUMENTS };

/** The kinds of CONTRACT_DRAFT_DOCUMENTS (in that order) that no document with a valid SHA-256 provides. */
export function missingDraftDocuments(documents: readonly { kind: string; sha256: string }[]): DocumentKind[] {
  const held = draftDocumentsHeld(documents);
  return CONTRACT_DRAFT_DOCUMENTS.filter((_, k) => (held & (1 << k)) === 0);
}

/** The draft's held-kinds mask: computed at fold time (`Fact.draftHeld`), else from its documents. */
function heldOf(draft: CooperationView['drafts'][number]): number {
  return draft.held ?? draftDocumentsHeld(draft.documents);
}

/** R03: a complete draft, the bureau's review before signing, a signed contract before admission. */
export const r03ContractReview: Rule = {
  id: 'R03',
  name: 'CONTRACT_REVIEW',
  clause:
    '§3.1 应签订正式书面合同…拟签署合同文本报送市教育局进行审查，同时提交报送的公函、合同草案、合同签订依据、批准文件、与合同有关的情况说明、背景材料等。未经市教育局批复不得擅自签署合同',
  severity: 'violation',
  subjectType: 'cooperation',
  parameters: {},
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: { zh: '合同审查程序不合规：{detailZh}', en: 'The contract review procedure was not followed: {detailEn}' },
  evaluate(ctx) {
    const p = cooperationParties(ctx);
    if (!p) return NO_FINDINGS;
    const c = p.c;
    const out: Finding[] = [];
    for (let i = 0; i < c.drafts.length; i++) {
      const draft = c.drafts[i];
      if (!inForce(this, draft.on)) continue;
      const held = heldOf(draft);
      if (held === ALL_DRAFT_DOCUMENTS) continue;
      const missing = missingFromHeld(held);
      const fixed = firstOnOrAfter(c.drafts, draft.on, (d) => d !== draft && heldOf(d) === ALL_DRAFT_DOCUMENTS);
      push(
        out,
        breach(this, ctx, {
          since: draft.on,
          resolvedOn: fixed?.on,
          evidence: [draft.eventId, fixed?.eventId],
          vars: { detailZh: `${draft.on} 报送的合同草案缺少 ${missing.join('、')}`, detailEn: `the draft of ${draft.on} lacks ${missing.join(', ')}` },
        }),
      );
    }
    for (let i = 0; i < c.signings.length; i++) {
      const s = c.signings[i];
      if (!inForce(this, s.on)) continue;
      if (c.reviews.some((r) => r.decision === 'APPROVED' && r.on <= s.on)) continue;
      push(
        out,
        breach(this, ctx, {
          since: s.on,
          evidence: [s.eventId],
          vars: { detailZh: `${s.on} 未经市教育局审查批复即签署合同`, detailEn: `the contract was signed on ${s.on} before the city bureau approved its review` },
        }),
      );
    }
    if (c.admission && inForce(this, c.admission.on) && !c.signings.some((s) => s.on <= c.admission!.on)) {
      const signed = c.signings.find((s) => s.on > c.admission!.on);
      push(
        out,
        breach(this, ctx, {
          since: c.admission.on,
          resolvedOn: signed?.on,
          evidence: [c.admission.eventId, signed?.eventId],
          vars: { detailZh: `${c.admission.on} 未签订正式书面合同即接纳合作学校`, detailEn: `the partner was admitted on ${c.admission.on} without a signed contract` },
        }),
      );
    }
    return out;
  },
};
