import type { Finding } from '../shared/finding';
import { addDays } from '../views/iso-day';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, breach, push } from './rule';

/** R15: a group adopts a charter and a long-term development plan within 180 days of forming. */
export const r15Charter: Rule = {
  id: 'R15',
  name: 'CHARTER',
  clause: '§3.3 制定集团化办学章程及制度体系，研制长远发展规划',
  severity: 'advisory',
  subjectType: 'group',
  parameters: { charterGraceDays: 180 },
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: {
    zh: '集团成立 {days} 天内（至 {deadline}）未制定{missingZh}',
    en: 'Within {days} days of forming (by {deadline}) the group adopted no {missingEn}',
  },
  evaluate(ctx) {
    const g = ctx.states.group(ctx.subject.id);
    if (!g) return NO_FINDINGS;
    const days = ctx.params.charterGraceDays;
    const deadline = addDays(g.formed.on, days);
    if (g.dissolved && g.dissolved.on <= deadline) return NO_FINDINGS;
    const charter = g.charters[0];
    const plan = g.developmentPlans[0];
    const charterLate = !charter || charter.on > deadline;
    const planLate = !plan || plan.on > deadline;
    if (!charterLate && !planLate) return NO_FINDINGS;
    let resolvedOn: string | null = charter && plan ? (charter.on > plan.on ? charter.on : plan.on) : null;
    if (g.dissolved && (!resolvedOn || g.dissolved.on < resolvedOn)) resolvedOn = g.dissolved.on;
    const out: Finding[] = [];
    push(
      out,
      breach(this, ctx, {
        since: addDays(deadline, 1),
        resolvedOn,
        evidence: [g.formed.eventId, charter?.eventId, plan?.eventId],
        vars: {
          days,
          deadline,
          missingZh: [charterLate && '集团章程', planLate && '长远发展规划'].filter(Boolean).join('和'),
          missingEn: [charterLate && 'charter', planLate && 'long-term development plan'].filter(Boolean).join(' and '),
        },
      }),
    );
    return out;
  },
};
