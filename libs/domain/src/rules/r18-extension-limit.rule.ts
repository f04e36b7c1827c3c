import type { Finding } from '../shared/finding';
import { addYears } from '../views/iso-day';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, breach, cooperationParties, inForce, push } from './rule';

/** R18: all extensions of one cooperation add up to at most six years past the contract's end. */
export const r18ExtensionLimit: Rule = {
  id: 'R18',
  name: 'EXTENSION_LIMIT',
  clause: '§3.5 根据需要可适当延长，延长时间原则上不超过六年',
  severity: 'warning',
  subjectType: 'cooperation',
  parameters: { maxExtensionYears: 6 },
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: {
    zh: '延长至 {newTermEnd}，累计延长超过 {years} 年（原合同期满 {termEnd}）',
    en: 'Extended to {newTermEnd}: extensions add up to more than {years} years (contract ended {termEnd})',
  },
  evaluate(ctx) {
    const p = cooperationParties(ctx);
    // No extension, nothing to add up (most cooperations): no limit to compute.
    if (!p || !p.c.contract || p.c.extensions.length === 0) return NO_FINDINGS;
    const years = ctx.params.maxExtensionYears;
    const base = p.c.contract.termEnd;
    const limit = addYears(base, years);
    const over = p.c.extensions.find((e) => e.newTermEnd > limit && inForce(this, e.on));
    if (!over) return NO_FINDINGS;
    const out: Finding[] = [];
    push(out, breach(this, ctx, { since: over.on, evidence: [p.c.contract.eventId, ...p.c.extensions.map((e) => e.eventId)], vars: { newTermEnd: over.newTermEnd, years, termEnd: base } }));
    return out;
  },
};
