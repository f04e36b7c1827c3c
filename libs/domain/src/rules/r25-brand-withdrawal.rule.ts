import type { Finding } from '../shared/finding';
import { addDays } from '../views/iso-day';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, brandUsagesOf, breach, cooperationParties, push } from './rule';

/** R25: a PRIVATE or outside-city former partner withdraws every brand element within 90 days of exit. */
export const r25BrandWithdrawal: Rule = {
  id: 'R25',
  name: 'BRAND_WITHDRAWAL',
  clause:
    '§3.5 民办学校及长沙市外学校合作终止后，合作学校不得在任何场合或其他方式再使用…品牌冠名、图案、校服及文化标识等，也不得以任何形式、任何理由使用其品牌组织教师招聘及相关活动',
  severity: 'warning',
  subjectType: 'cooperation',
  parameters: { brandWithdrawalDays: 90 },
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: {
    zh: '合作于 {endedOn} 终止，合作学校应在 {days} 天内（至 {deadline}）撤除优质学校品牌（{elements}），尚未记录撤除',
    en: 'The cooperation ended on {endedOn}; the former partner was to withdraw the lead’s brand ({elements}) within {days} days (by {deadline}) and has not',
  },
  evaluate(ctx) {
    const p = cooperationParties(ctx);
    if (!p || !p.c.exit || (p.partner.ownership !== 'PRIVATE' && p.partner.inChangsha)) return NO_FINDINGS;
    const endedOn = p.c.exit.on;
    const days = ctx.params.brandWithdrawalDays;
    const deadline = addDays(endedOn, days);
    const late = brandUsagesOf(p.partner, p.c.leadSchoolId).filter((u) => u.usage.on <= endedOn && (!u.withdrawnOn || u.withdrawnOn > deadline) && !(u.withdrawnOn && u.withdrawnOn <= endedOn));
    if (!late.length) return NO_FINDINGS;
    const resolvedOn = late.every((u) => u.withdrawnOn) ? late.map((u) => u.withdrawnOn!).sort()[late.length - 1] : null;
    const elements = [...new Set(late.flatMap((u) => u.usage.elements))].join('、');
    const out: Finding[] = [];
    push(
      out,
      breach(this, ctx, {
        since: addDays(deadline, 1),
        resolvedOn,
        evidence: [p.c.exit.eventId, ...late.map((u) => u.usage.eventId), ...late.flatMap((u) => u.withdrawalEventIds)],
        vars: { endedOn, days, deadline, elements },
      }),
    );
    return out;
  },
};
