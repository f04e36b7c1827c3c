import type { Finding } from '../shared/finding';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, breach, cooperationParties, push } from './rule';

/** R21: a partner that leads a new group of its own in principle exits its original group. */
export const r21SpinOffExit: Rule = {
  id: 'R21',
  name: 'SPIN_OFF_EXIT',
  clause: '§3.5 已组建新的教育集团的合作学校，原则上退出原教育集团管理',
  severity: 'warning',
  subjectType: 'cooperation',
  parameters: {},
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: {
    zh: '合作学校已于 {on} 牵头组建新的教育集团「{group}」，但仍在原教育集团中',
    en: 'The partner formed a new education group “{group}” on {on} but has not left its original group',
  },
  evaluate(ctx) {
    const p = cooperationParties(ctx);
    if (!p || !p.c.admission) return NO_FINDINGS;
    const { c } = p;
    const out: Finding[] = [];
    for (const g of ctx.states.groupsLedBy(c.partnerSchoolId)) {
      if (g.groupId === c.groupId || (c.endedOn && g.formed.on >= c.endedOn)) continue;
      const since = g.formed.on > c.admission!.on ? g.formed.on : c.admission!.on;
      push(out, breach(this, ctx, { since, resolvedOn: c.endedOn, evidence: [g.formed.eventId, c.admission!.eventId], vars: { on: g.formed.on, group: g.name } }));
    }
    return out;
  },
};
