import type { Finding } from '../shared/finding';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, breach, overLimitIntervals, push } from './rule';

/** R04: a lead school's active partners, across all the groups it leads, number about 10. */
export const r04GroupSize: Rule = {
  id: 'R04',
  name: 'GROUP_SIZE',
  clause: '§3.1 每所优质学校集团化办学规模应控制在 10 所左右',
  severity: 'warning',
  subjectType: 'school',
  parameters: { maxPartnersPerLead: 10 },
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: {
    zh: '优质学校在其牵头的全部集团中的在册合作学校超过 {max} 所',
    en: 'The lead school has more than {max} active partner schools across the groups it leads',
  },
  evaluate(ctx) {
    const led = ctx.states.cooperationsLedBy(ctx.subject.id);
    if (led.length === 0) return NO_FINDINGS;
    const max = ctx.params.maxPartnersPerLead;
    // Every admission adds one: no more admissions than the limit, no interval over it
    // (overLimitIntervals would find none), so no change list to build (ADR 0107).
    let admitted = 0;
    for (let i = 0; i < led.length; i++) if (led[i].admission) admitted++;
    if (admitted <= max) return NO_FINDINGS;
    const changes: { on: string; delta: number; eventId: string }[] = [];
    for (const c of led) {
      if (!c.admission) continue;
      changes.push({ on: c.admission.on, delta: 1, eventId: c.admission.eventId });
      if (c.endedOn) changes.push({ on: c.endedOn, delta: -1, eventId: c.exit?.eventId ?? c.admission.eventId });
    }
    const out: Finding[] = [];
    for (const i of overLimitIntervals(changes, max)) {
      push(out, breach(this, ctx, { since: i.since, resolvedOn: i.until, evidence: i.evidence, vars: { max } }));
    }
    return out;
  },
};
