import type { Finding, Severity } from '../shared/finding';
import type { Authority } from '../shared/terms';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, breach, cooperationParties, describeAuthority, inForce, overLimitIntervals, push } from './rule';
import { approvalsHeld } from './r02-approval-authority.rule';

/**
 * District rules written as configuration data (§4.1 各区县（市）教育局制定本区域集团化办学具体
 * 实施细则): a district adds a rule to its pack without code changes to the engine. Each kind is a
 * small, reviewed template; a district rule applies to subjects whose lead is a school of that
 * district.
 */
export type DataRuleSpec =
  | {
      readonly kind: 'REQUIRED_APPROVALS';
      readonly id: string;
      readonly name?: string;
      readonly clause: string;
      readonly severity: Severity;
      readonly effectiveFrom?: string;
      /** Approvals to hold before admission, in this order. */
      readonly authorities: readonly Authority[];
    }
  | {
      readonly kind: 'MAX_ACTIVE_PARTNERS';
      readonly id: string;
      readonly name?: string;
      readonly clause: string;
      readonly severity: Severity;
      readonly effectiveFrom?: string;
      readonly max: number;
    };

export function compileDataRule(spec: DataRuleSpec): Rule {
  const base = {
    id: spec.id,
    name: spec.name ?? spec.kind,
    clause: spec.clause,
    severity: spec.severity,
    parameters: {},
    effectiveFrom: spec.effectiveFrom ?? POLICY_EFFECTIVE_FROM,
  };
  if (spec.kind === 'REQUIRED_APPROVALS') {
    const names = spec.authorities.map(describeAuthority);
    return {
      ...base,
      subjectType: 'cooperation',
      messages: {
        zh: `合作学校于 {admittedOn} 加入前未依次取得审批：${names.map((n) => n.zh).join(' → ')}`,
        en: `The partner was admitted on {admittedOn} without the approvals, in order: ${names.map((n) => n.en).join(' → ')}`,
      },
      evaluate(ctx) {
        const p = cooperationParties(ctx);
        if (!p || !p.c.admission || !inForce(this, p.c.admission.on)) return NO_FINDINGS;
        if (approvalsHeld(p.c, { case: 'DISTRICT_LEAD', chain: spec.authorities, applicants: [] }, p.c.admission.on)) return NO_FINDINGS;
        const out: Finding[] = [];
        push(out, breach(this, ctx, { since: p.c.admission.on, evidence: [p.c.admission.eventId, ...p.c.approvals.map((a) => a.eventId)], vars: { admittedOn: p.c.admission.on } }));
        return out;
      },
    };
  }
  return {
    ...base,
    subjectType: 'school',
    messages: { zh: `优质学校在册合作学校超过 ${spec.max} 所`, en: `The lead school has more than ${spec.max} active partners` },
    evaluate(ctx) {
      const changes: { on: string; delta: number; eventId: string }[] = [];
      for (const c of ctx.states.cooperationsLedBy(ctx.subject.id)) {
        if (!c.admission) continue;
        changes.push({ on: c.admission.on, delta: 1, eventId: c.admission.eventId });
        if (c.endedOn) changes.push({ on: c.endedOn, delta: -1, eventId: c.admission.eventId });
      }
      const out: Finding[] = [];
      for (const i of overLimitIntervals(changes, spec.max)) push(out, breach(this, ctx, { since: i.since, resolvedOn: i.until, evidence: i.evidence }));
      return out;
    },
  };
}
