import type { Finding } from '../shared/finding';
import { addDays } from '../views/iso-day';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, breach, cooperationParties, push, startsAfter } from './rule';
import { termSegments } from './term-segments';

/** R20: a cooperation still active after its term end with no extension. */
export const r20NoOverrun: Rule = {
  id: 'R20',
  name: 'NO_OVERRUN',
  clause: '§4.1 合作期满…妥善处理合同终止事宜',
  severity: 'violation',
  subjectType: 'cooperation',
  parameters: {},
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: {
    zh: '合作已于 {termEnd} 期满，既未延期也未退出',
    en: 'The term ended on {termEnd}; the cooperation was neither extended nor ended',
  },
  evaluate(ctx) {
    const p = cooperationParties(ctx);
    if (!p || !p.c.admission) return NO_FINDINGS;
    const { c } = p;
    const segments = termSegments(c);
    const out: Finding[] = [];
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i];
      if (c.admission!.on > seg.end || (c.endedOn && c.endedOn <= seg.end) || (seg.until && seg.until <= seg.end)) continue;
      const since = addDays(seg.end, 1);
      // A term that has not ended at asOf: no finding (breach would give none).
      if (startsAfter(this, since, ctx.asOf)) continue;
      const ends = [seg.until, c.endedOn].filter((d): d is string => !!d).sort();
      push(out, breach(this, ctx, { since, resolvedOn: ends[0] ?? null, evidence: [seg.eventId, c.admission!.eventId], vars: { termEnd: seg.end } }));
    }
    return out;
  },
};
