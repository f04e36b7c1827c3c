import type { Finding } from '../shared/finding';
import type { DocumentKind } from '../shared/terms';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, breach, cooperationParties, firstOnOrAfter, inForce, push } from './rule';

export const CONTRACT_DRAFT_DOCUMENTS: readonly DocumentKind[] = [
  'OFFICIAL_LETTER',
  'CONTRACT_DRAFT',
  'SIGNING_BASIS',
  'APPROVAL_DOCUMENT',
  'EXPLANATION',
  'BACKGROUND',
];
const SHA256 = /^[0-9a-f]{64}$/;

/** 1 for the character codes of `0-9a-f`. */
const HEX_DIGIT = new Uint8Array(128);
for (const c of '0123456789abcdef') HEX_DIGIT[c.charCodeAt(0)] = 1;

/** `SHA256.test(value)` by character codes for strings (the regex was a hot spot: six checks a draft). */
function isSha256(value: unknown): boolean {
  if (typeof value !== 'string') return SHA256.test(value as string);
  if (value.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = value.charCodeAt(i);
    if (c > 127 || HEX_DIGIT[c] === 0) return false;
  }
  return true;
}

const ALL_SIX = (1 << CONTRACT_DRAFT_DOCUMENTS.length) - 1;

/**
 * The kinds of CONTRACT_DRAFT_DOCUMENTS (in that order) that no document with a valid SHA-256
 * provides. One pass over the documents, one digest check per kind at most (it was one per kind
 * and document).
 */
export function missingDraftDocuments(documents: readonly { kind: string; sha256: string }[]): DocumentKind[] {
  let held = 0;
  for (let i = 0; i < documents.length; i++) {
    const d = documents[i];
    const k = CONTRACT_DRAFT_DOCUMENTS.indexOf(d.kind as DocumentKind);
    if (k >= 0 && (held & (1 << k)) === 0 && isSha256(d.sha256)) held |= 1 << k;
  }
  if (held === ALL_SIX) return [];
  return CONTRACT_DRAFT_DOCUMENTS.filter((_, k) => (held & (1 << k)) === 0);
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
      const missing = missingDraftDocuments(draft.documents);
      if (!missing.length) continue;
      const fixed = firstOnOrAfter(c.drafts, draft.on, (d) => d !== draft && missingDraftDocuments(d.documents).length === 0);
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
