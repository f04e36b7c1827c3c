import type { Finding } from '../shared/finding';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, breach, push } from './rule';

/** R16: no group direct-promotion enrolment plan for any year from 2021 on. */
export const r16NoDirectPromotion: Rule = {
  id: 'R16',
  name: 'NO_DIRECT_PROMOTION',
  clause: '§3.4 从 2021 年起，取消集团办学对口直升生计划',
  severity: 'violation',
  subjectType: 'group',
  parameters: { directPromotionCancelledFromYear: 2021 },
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: {
    zh: '集团发布了 {year} 年对口直升生计划（{quota} 人），该计划已取消',
    en: 'The group published a direct-promotion plan for {year} ({quota} places); such plans are cancelled',
  },
  evaluate(ctx) {
    const g = ctx.states.group(ctx.subject.id);
    if (!g) return NO_FINDINGS;
    const out: Finding[] = [];
    for (let i = 0; i < g.directPromotionPlans.length; i++) {
      const plan = g.directPromotionPlans[i];
      if (plan.enrolmentYear < ctx.params.directPromotionCancelledFromYear) continue;
      push(out, breach(this, ctx, { since: plan.on, evidence: [plan.eventId], vars: { year: plan.enrolmentYear, quota: plan.quota } }));
    }
    return out;
  },
};
