import type { Finding } from '../shared/finding';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, breach, cooperationParties, inForce, push } from './rule';

/** R26: a cooperation that ends records parent communication on or before its end date. */
export const r26ParentCommunication: Rule = {
  id: 'R26',
  name: 'PARENT_COMMUNICATION',
  clause: '§4.3 合作期满退出集团的学校要切实做好学生家长思想工作',
  severity: 'advisory',
  subjectType: 'cooperation',
  parameters: {},
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: {
    zh: '合作于 {endedOn} 终止，此前未记录学生家长沟通工作',
    en: 'The cooperation ended on {endedOn} with no parent communication recorded before it',
  },
  evaluate(ctx) {
    const p = cooperationParties(ctx);
    if (!p || !p.c.exit || !inForce(this, p.c.exit.on)) return NO_FINDINGS;
    const endedOn = p.c.exit.on;
    if (p.c.parentCommunications.some((m) => m.on <= endedOn)) return NO_FINDINGS;
    const out: Finding[] = [];
    push(out, breach(this, ctx, { since: endedOn, evidence: [p.c.exit.eventId], vars: { endedOn } }));
    return out;
  },
};
