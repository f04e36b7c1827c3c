import type { Finding } from '../shared/finding';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, breach, cooperationParties, inForce, push } from './rule';

/** R06: from 2021-01-01 no entrusted management of an outside-city school is approved or admitted. */
export const r06SuspendedOutsideCityEntrustment: Rule = {
  id: 'R06',
  name: 'SUSPENDED_OUTSIDE_CITY_ENTRUSTMENT',
  clause: '§3.1 暂停长沙优质学校托管市外中小学（幼儿园）的审批',
  severity: 'violation',
  subjectType: 'cooperation',
  parameters: {},
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: {
    zh: '长沙优质学校托管市外学校的审批已暂停，本合作于 {on} 获批或接纳',
    en: 'Entrusted management of a school outside Changsha is suspended; this cooperation was approved or admitted on {on}',
  },
  evaluate(ctx) {
    const p = cooperationParties(ctx);
    if (!p || p.c.mode !== 'ENTRUSTED_MANAGEMENT' || !p.lead.inChangsha || p.partner.inChangsha) return NO_FINDINGS;
    const trigger = [...p.c.approvals.filter((a) => a.decision === 'GRANTED'), ...(p.c.admission ? [p.c.admission] : [])]
      .filter((e) => inForce(this, e.on))
      .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))[0];
    if (!trigger) return NO_FINDINGS;
    const out: Finding[] = [];
    push(out, breach(this, ctx, { since: trigger.on, resolvedOn: p.c.endedOn, evidence: [p.c.proposed.eventId, trigger.eventId], vars: { on: trigger.on } }));
    return out;
  },
};
