import type { Finding } from '../shared/finding';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, brandUsagesOf, breach, cooperationParties, inForce, push } from './rule';

/**
 * R24: after exit a PRIVATE or outside-city former partner starts no use of the lead's brand, and
 * no former partner uses it for teacher recruitment. Usages that began before the exit are R25's
 * (withdrawal within a period); a PUBLIC in-city school may keep NAME and CULTURAL_IDENTIFIER.
 */
export const r24BrandAfterExit: Rule = {
  id: 'R24',
  name: 'BRAND_AFTER_EXIT',
  clause:
    '§3.5 民办学校及长沙市外学校合作终止后，合作学校不得在任何场合或其他方式再使用…品牌冠名、图案、校服及文化标识等，也不得以任何形式、任何理由使用其品牌组织教师招聘及相关活动',
  severity: 'violation',
  subjectType: 'cooperation',
  parameters: {},
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: {
    zh: '合作于 {endedOn} 终止后，合作学校于 {on} 使用优质学校品牌（{elements}）{purposeZh}',
    en: 'After the cooperation ended on {endedOn}, the former partner used the lead’s brand ({elements}) on {on}{purposeEn}',
  },
  evaluate(ctx) {
    const p = cooperationParties(ctx);
    if (!p || !p.c.exit) return NO_FINDINGS;
    const endedOn = p.c.exit.on;
    const restricted = p.partner.ownership === 'PRIVATE' || !p.partner.inChangsha;
    const out: Finding[] = [];
    for (const u of brandUsagesOf(p.partner, p.c.leadSchoolId)) {
      if (u.usage.on <= endedOn || !inForce(this, u.usage.on)) continue;
      const recruitment = u.usage.purpose === 'TEACHER_RECRUITMENT';
      if (!restricted && !recruitment) continue;
      push(
        out,
        breach(this, ctx, {
          since: u.usage.on,
          resolvedOn: u.withdrawnOn,
          evidence: [u.usage.eventId, p.c.exit.eventId, ...u.withdrawalEventIds],
          vars: {
            endedOn,
            on: u.usage.on,
            elements: u.usage.elements.join('、'),
            purposeZh: recruitment ? '组织教师招聘' : '',
            purposeEn: recruitment ? ' for teacher recruitment' : '',
          },
        }),
      );
    }
    return out;
  },
};
