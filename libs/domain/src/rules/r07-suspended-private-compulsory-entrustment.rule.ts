import type { Finding } from '../shared/finding';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, breach, cooperationParties, inForce, push } from './rule';

/** R07: from 2021-01-01 a public lead does not entrust-manage a private compulsory-education school. */
export const r07SuspendedPrivateCompulsoryEntrustment: Rule = {
  id: 'R07',
  name: 'SUSPENDED_PRIVATE_COMPULSORY_ENTRUSTMENT',
  clause: '§3.1 暂停公办学校托管民办义务教育学校的审批',
  severity: 'violation',
  subjectType: 'cooperation',
  parameters: {},
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: {
    zh: '公办学校托管民办义务教育学校的审批已暂停，本合作于 {on} 获批或接纳',
    en: 'Entrusted management of a private compulsory-education school by a public school is suspended; this cooperation was approved or admitted on {on}',
  },
  evaluate(ctx) {
    const p = cooperationParties(ctx);
    if (!p || p.c.mode !== 'ENTRUSTED_MANAGEMENT' || p.lead.ownership !== 'PUBLIC' || p.partner.ownership !== 'PRIVATE') return NO_FINDINGS;
    if (!p.partner.stages.some((s) => s === 'PRIMARY' || s === 'JUNIOR')) return NO_FINDINGS;
    const trigger = [...p.c.approvals.filter((a) => a.decision === 'GRANTED'), ...(p.c.admission ? [p.c.admission] : [])]
      .filter((e) => inForce(this, e.on))
      .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))[0];
    if (!trigger) return NO_FINDINGS;
    const out: Finding[] = [];
    push(out, breach(this, ctx, { since: trigger.on, resolvedOn: p.c.endedOn, evidence: [p.c.proposed.eventId, trigger.eventId], vars: { on: trigger.on } }));
    return out;
  },
};
