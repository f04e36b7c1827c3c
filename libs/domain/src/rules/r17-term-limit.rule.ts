import type { Finding } from '../shared/finding';
import { addYears } from '../views/iso-day';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, breach, cooperationParties, inForce, push } from './rule';

/** R17: a contract term is at most six years (termEnd ≤ termStart + 6 years). */
export const r17TermLimit: Rule = {
  id: 'R17',
  name: 'TERM_LIMIT',
  clause: '§3.5 集团化学校合作时限一般为六年',
  severity: 'warning',
  subjectType: 'cooperation',
  parameters: { termYears: 6 },
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: {
    zh: '合同期限 {termStart} 至 {termEnd} 超过 {years} 年',
    en: 'The contract term {termStart} – {termEnd} is longer than {years} years',
  },
  evaluate(ctx) {
    const p = cooperationParties(ctx);
    if (!p) return NO_FINDINGS;
    const years = ctx.params.termYears;
    const out: Finding[] = [];
    for (let i = 0; i < p.c.signings.length; i++) {
      const s = p.c.signings[i];
      if (!inForce(this, s.on) || s.termEnd <= addYears(s.termStart, years)) continue;
      push(out, breach(this, ctx, { since: s.on, evidence: [s.eventId], vars: { termStart: s.termStart, termEnd: s.termEnd, years } }));
    }
    return out;
  },
};
