import type { Finding } from '../shared/finding';
import type { SchoolView } from '../views/states';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, breach, cooperationParties, inForce, push, sharesStage } from './rule';

/** A lead is listed by school id or by (part of) its name, e.g. 雅礼中学 matches 长沙市雅礼中学. */
export function isListedLead(school: SchoolView, listed: readonly string[]): boolean {
  return listed.some((entry) => entry === school.schoolId || school.name.includes(entry));
}

/** R08: from 2021-01-01 the listed leads (长郡中学, 雅礼中学) admit no partner of another stage. */
export const r08SuspendedCrossStage: Rule = {
  id: 'R08',
  name: 'SUSPENDED_CROSS_STAGE',
  clause: '§3.1 暂停长郡中学、雅礼中学跨学段合作办学的审批',
  severity: 'violation',
  subjectType: 'cooperation',
  parameters: { crossStageSuspendedLeads: ['长郡中学', '雅礼中学'] },
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: {
    zh: '{lead}跨学段合作办学的审批已暂停，但于 {on} 接纳了不同学段的合作学校',
    en: 'Cross-stage cooperation by {lead} is suspended, yet a partner of another stage was admitted on {on}',
  },
  evaluate(ctx) {
    const p = cooperationParties(ctx);
    if (!p || !p.c.admission || !inForce(this, p.c.admission.on)) return NO_FINDINGS;
    if (!isListedLead(p.lead, ctx.params.crossStageSuspendedLeads) || sharesStage(p.lead, p.partner)) return NO_FINDINGS;
    const out: Finding[] = [];
    push(
      out,
      breach(this, ctx, {
        since: p.c.admission.on,
        resolvedOn: p.c.endedOn,
        evidence: [p.c.admission.eventId, p.partner.registered.eventId],
        vars: { lead: p.lead.name, on: p.c.admission.on },
      }),
    );
    return out;
  },
};
