import type { Finding } from '../shared/finding';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, brandUsagesOf, breach, push } from './rule';

/** R22: the other schools of a spun-off group use no brand element of the original lead. */
export const r22SpinOffBrand: Rule = {
  id: 'R22',
  name: 'SPIN_OFF_BRAND',
  clause: '§3.5 新组建教育集团其他学校，不得使用原教育集团优质学校品牌冠名、图案、校服及文化标识等',
  severity: 'violation',
  subjectType: 'group',
  parameters: {},
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: {
    zh: '新组建集团的成员学校 {school} 使用原集团优质学校的品牌（{elements}）',
    en: 'Member school {school} of the spun-off group uses the original lead school’s brand ({elements})',
  },
  evaluate(ctx) {
    const g = ctx.states.group(ctx.subject.id);
    if (!g || !g.spunOffFrom) return NO_FINDINGS;
    const owner = g.spunOffFrom.leadSchoolId;
    const out: Finding[] = [];
    for (const cid of g.cooperationIds) {
      const c = ctx.states.cooperation(cid);
      if (!c || !c.admission || c.partnerSchoolId === owner) continue;
      const school = ctx.states.school(c.partnerSchoolId);
      if (!school) continue;
      for (const u of brandUsagesOf(school, owner)) {
        const start = u.usage.on > c.admission.on ? u.usage.on : c.admission.on;
        if (u.withdrawnOn && u.withdrawnOn < start) continue;
        if (c.endedOn && c.endedOn <= start) continue;
        const ends = [u.withdrawnOn, c.endedOn].filter((d): d is string => !!d).sort();
        push(
          out,
          breach(this, ctx, {
            since: start,
            resolvedOn: ends[0] ?? null,
            evidence: [g.formed.eventId, u.usage.eventId, c.admission.eventId, ...u.withdrawalEventIds],
            vars: { school: school.name, elements: u.usage.elements.join('、') },
          }),
        );
      }
    }
    return out;
  },
};
