import type { Finding } from '../shared/finding';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, breach, cooperationParties, inForce, push } from './rule';

/** R23: after a cooperation ends, no managers or key teachers are sent and no fee is charged. */
export const r23NoSupportAfterExit: Rule = {
  id: 'R23',
  name: 'NO_SUPPORT_AFTER_EXIT',
  clause: '§3.5 合作终止后…优质学校不再派出管理干部和骨干教师，不再收取合作办学相关费用',
  severity: 'violation',
  subjectType: 'cooperation',
  parameters: {},
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: {
    zh: '合作已于 {endedOn} 终止，但 {on} 仍{whatZh}',
    en: 'The cooperation ended on {endedOn}, yet on {on} {whatEn}',
  },
  evaluate(ctx) {
    const p = cooperationParties(ctx);
    if (!p || !p.c.endedOn) return NO_FINDINGS;
    const endedOn = p.c.endedOn;
    const out: Finding[] = [];
    for (let i = 0; i < p.c.dispatches.length; i++) {
      const d = p.c.dispatches[i];
      if (d.on <= endedOn || !inForce(this, d.on) || d.direction !== 'LEAD_TO_PARTNER' || (d.role !== 'MANAGER' && d.role !== 'KEY_TEACHER')) continue;
      push(out, breach(this, ctx, { since: d.on, evidence: [d.eventId, p.c.exit?.eventId], vars: { endedOn, on: d.on, whatZh: '派出管理干部或骨干教师', whatEn: 'a manager or key teacher was sent to the partner' } }));
    }
    for (let i = 0; i < p.c.fees.length; i++) {
      const f = p.c.fees[i];
      if (f.on <= endedOn || !inForce(this, f.on)) continue;
      push(out, breach(this, ctx, { since: f.on, evidence: [f.eventId, p.c.exit?.eventId], vars: { endedOn, on: f.on, whatZh: '收取合作办学费用', whatEn: 'a cooperation fee was charged' } }));
    }
    return out;
  },
};
