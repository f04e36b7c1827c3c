import type { Finding } from '../shared/finding';
import { addDays } from '../views/iso-day';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, breach, cooperationParties, inForce, push } from './rule';

/** R09: primaries entrust-managed by a middle school exit by 2021-12-31; none admitted from 2021. */
export const r09MiddleSchoolPrimaryExit: Rule = {
  id: 'R09',
  name: 'MIDDLE_SCHOOL_PRIMARY_EXIT',
  clause: '§3.1 所有中学托管的小学，从 2021 年起全部退出集团化管理',
  severity: 'violation',
  subjectType: 'cooperation',
  parameters: { primaryExitDeadline: '2021-12-31' },
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: {
    zh: '中学托管的小学应退出集团化管理（期限 {deadline}），但仍在集团中',
    en: 'A primary school entrust-managed by a middle school must leave group management (deadline {deadline}) but is still in the group',
  },
  evaluate(ctx) {
    const p = cooperationParties(ctx);
    if (!p || !p.c.admission || p.c.mode !== 'ENTRUSTED_MANAGEMENT') return NO_FINDINGS;
    const primaryOnly = p.partner.stages.length > 0 && p.partner.stages.every((s) => s === 'PRIMARY');
    const middleLead = p.lead.stages.some((s) => s === 'JUNIOR' || s === 'SENIOR') && !p.lead.stages.includes('PRIMARY');
    if (!primaryOnly || !middleLead) return NO_FINDINGS;
    const deadline = ctx.params.primaryExitDeadline;
    const since = inForce(this, p.c.admission.on) ? p.c.admission.on : addDays(deadline, 1);
    if (p.c.endedOn && p.c.endedOn < since) return NO_FINDINGS;
    const out: Finding[] = [];
    push(out, breach(this, ctx, { since, resolvedOn: p.c.endedOn, evidence: [p.c.admission.eventId, p.partner.registered.eventId], vars: { deadline } }));
    return out;
  },
};
