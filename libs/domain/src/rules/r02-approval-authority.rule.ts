import type { Applicant } from '../cooperation/cooperation.events';
import type { Finding } from '../shared/finding';
import type { Authority } from '../shared/terms';
import type { ApprovalRecord, CooperationView, SchoolView } from '../views/states';
import type { Rule, RuleParameters } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, breach, cooperationParties, describeAuthority, inForce, push, sameAuthority } from './rule';

export type ApprovalCase = 'CITY_DIRECT_PAIR' | 'CITY_DIRECT_LEAD_DISTRICT_PUBLIC_PARTNER' | 'PRIVATE_OUTSIDE_OR_SINO_FOREIGN' | 'DISTRICT_LEAD';

export interface RequiredApprovals {
  readonly case: ApprovalCase;
  /** Approvals that must be granted before admission, in this order. */
  readonly chain: readonly Authority[];
  /** Applicants the (first) approval must name. */
  readonly applicants: readonly Applicant[];
}

/**
 * The four cases of §3.1 (POLICY.md R02). Private, outside-city and Sino-foreign partners go to
 * the city bureau then the city government whoever leads; otherwise a district lead goes to its
 * own district bureau (overridable per district, §4.1); otherwise the city bureau decides.
 */
const CITY_BUREAU_THEN_GOVERNMENT: readonly Authority[] = Object.freeze([Object.freeze({ kind: 'CITY_BUREAU' as const }), Object.freeze({ kind: 'CITY_GOVERNMENT' as const })]);
const PRIVATE_OUTSIDE_OR_SINO_FOREIGN: RequiredApprovals = Object.freeze({ case: 'PRIVATE_OUTSIDE_OR_SINO_FOREIGN', chain: CITY_BUREAU_THEN_GOVERNMENT, applicants: Object.freeze([]) });

export function requiredApprovals(lead: SchoolView, partner: SchoolView, params: RuleParameters): RequiredApprovals {
  if (partner.ownership === 'PRIVATE' || !partner.inChangsha || partner.sinoForeign || lead.sinoForeign) return PRIVATE_OUTSIDE_OR_SINO_FOREIGN;
  if (lead.administration === 'DISTRICT') {
    return { case: 'DISTRICT_LEAD', chain: params.districtLeadApprovals ?? [{ kind: 'DISTRICT_BUREAU', districtCode: lead.districtCode }], applicants: [] };
  }
  if (partner.administration === 'CITY_DIRECT') {
    return { case: 'CITY_DIRECT_PAIR', chain: [{ kind: 'CITY_BUREAU' }], applicants: [{ schoolId: lead.schoolId }] };
  }
  return {
    case: 'CITY_DIRECT_LEAD_DISTRICT_PUBLIC_PARTNER',
    chain: [{ kind: 'CITY_BUREAU' }],
    applicants: [{ authority: { kind: 'DISTRICT_GOVERNMENT', districtCode: partner.districtCode } }, { schoolId: lead.schoolId }],
  };
}

function sameApplicant(a: Applicant, b: Applicant): boolean {
  if ('schoolId' in a) return 'schoolId' in b && a.schoolId === b.schoolId;
  return 'authority' in b && sameAuthority(a.authority, b.authority);
}

function namesEveryApplicant(a: ApprovalRecord, applicants: readonly Applicant[]): boolean {
  for (let j = 0; j < applicants.length; j++) {
    let named = false;
    for (let k = 0; k < a.applicants.length && !named; k++) named = sameApplicant(a.applicants[k], applicants[j]);
    if (!named) return false;
  }
  return true;
}

/** The approvals (in order) that satisfy the chain before `by`, or undefined. */
export function approvalsHeld(c: CooperationView, required: RequiredApprovals, by: string): CooperationView['approvals'][number][] | undefined {
  const held: CooperationView['approvals'][number][] = [];
  let prev: ApprovalRecord | null = null;
  const approvals = c.approvals;
  for (let i = 0; i < required.chain.length; i++) {
    const need = required.chain[i];
    // The first approval (in fold order) that qualifies, as `find` would return.
    let found: ApprovalRecord | undefined;
    for (let k = 0; k < approvals.length; k++) {
      const a = approvals[k];
      if (
        a.decision === 'GRANTED' &&
        a.on <= by &&
        sameAuthority(a.authority, need) &&
        (!prev || a.on > prev.on || (a.on === prev.on && a.pos > prev.pos)) &&
        (i > 0 || namesEveryApplicant(a, required.applicants))
      ) {
        found = a;
        break;
      }
    }
    if (!found) return undefined;
    held.push(found);
    prev = found;
  }
  return held;
}

/** R02: before a partner is admitted, the cooperation holds the approvals its case requires. */
export const r02ApprovalAuthority: Rule = {
  id: 'R02',
  name: 'APPROVAL_AUTHORITY',
  clause:
    '§3.1 市直学校间合作办学组建集团由优质学校报市教育局审批…由合作学校所在地人民政府、优质学校共同报市教育局审批…经市教育局审批同意后报市人民政府审批',
  severity: 'violation',
  subjectType: 'cooperation',
  parameters: { districtLeadApprovals: undefined },
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: {
    zh: '合作学校于 {admittedOn} 加入，但未依次取得应有的审批：{chainZh}',
    en: 'The partner was admitted on {admittedOn} without the required approvals, in order: {chainEn}',
  },
  evaluate(ctx) {
    const p = cooperationParties(ctx);
    if (!p || !p.c.admission || !inForce(this, p.c.admission.on)) return NO_FINDINGS;
    const required = requiredApprovals(p.lead, p.partner, ctx.params);
    if (approvalsHeld(p.c, required, p.c.admission.on)) return NO_FINDINGS;
    const names = required.chain.map(describeAuthority);
    const applicantsZh = required.applicants.length ? `（申请方：${required.applicants.map((a) => ('schoolId' in a ? a.schoolId : describeAuthority(a.authority).zh)).join('、')}）` : '';
    const applicantsEn = required.applicants.length ? ` (applicants: ${required.applicants.map((a) => ('schoolId' in a ? a.schoolId : describeAuthority(a.authority).en)).join(', ')})` : '';
    const out: Finding[] = [];
    push(
      out,
      breach(this, ctx, {
        since: p.c.admission.on,
        evidence: [p.c.proposed.eventId, ...p.c.approvals.map((a) => a.eventId), p.c.admission.eventId],
        vars: {
          admittedOn: p.c.admission.on,
          chainZh: names.map((n) => n.zh).join(' → ') + applicantsZh,
          chainEn: names.map((n) => n.en).join(' → ') + applicantsEn,
        },
      }),
    );
    return out;
  },
};
