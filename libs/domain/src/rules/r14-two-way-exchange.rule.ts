import type { Finding } from '../shared/finding';
import { schoolYearEnd, schoolYearOf, schoolYearStart } from '../views/iso-day';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, breach, cooperationParties, push } from './rule';

/**
 * R14: in each school year (Sep 1 – Aug 31) that an active cooperation spans whole, at least one
 * manager or key teacher goes lead→partner and one teacher shadows partner→lead. A school year is
 * judged once it has ended.
 */
export const r14TwoWayExchange: Rule = {
  id: 'R14',
  name: 'TWO_WAY_EXCHANGE',
  clause: '§3.3 推动集团化办学教师定期双向交流制度',
  severity: 'advisory',
  subjectType: 'cooperation',
  parameters: {},
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: {
    zh: '{year} 学年未记录双向交流：{missingZh}',
    en: 'No two-way exchange in school year {year}: {missingEn}',
  },
  evaluate(ctx) {
    const p = cooperationParties(ctx);
    if (!p || !p.c.admission) return NO_FINDINGS;
    const { c } = p;
    const admittedOn = c.admission!.on;
    const admittedYear = schoolYearOf(admittedOn);
    const firstYear = Math.max(schoolYearOf(this.effectiveFrom) + 1, admittedYear + (admittedOn > schoolYearStart(admittedYear) ? 1 : 0));
    const dispatches = c.dispatches;
    const out: Finding[] = [];
    for (let y = firstYear; schoolYearEnd(y) < ctx.asOf; y++) {
      const start = schoolYearStart(y);
      const end = schoolYearEnd(y);
      if (c.endedOn && c.endedOn <= end) break;
      // One pass, no list: the year's dispatches are collected only for a finding's evidence.
      let out1 = false;
      let in1 = false;
      for (let k = 0; k < dispatches.length && !(out1 && in1); k++) {
        const d = dispatches[k];
        if (d.on < start || d.on > end) continue;
        if (d.direction === 'PARTNER_TO_LEAD') in1 = true;
        else if (d.direction === 'LEAD_TO_PARTNER' && (d.role === 'MANAGER' || d.role === 'KEY_TEACHER')) out1 = true;
      }
      if (out1 && in1) continue;
      const inYear = dispatches.filter((d) => d.on >= start && d.on <= end);
      const missingZh = [!out1 && '优质学校未派出管理干部或骨干教师', !in1 && '合作学校未派教师到优质学校跟岗'].filter(Boolean).join('；');
      const missingEn = [!out1 && 'no manager or key teacher sent lead→partner', !in1 && 'no teacher shadowing partner→lead'].filter(Boolean).join('; ');
      push(out, breach(this, ctx, { since: schoolYearStart(y + 1), evidence: [c.admission!.eventId, ...inYear.map((d) => d.eventId)], vars: { year: `${y}-${y + 1}`, missingZh, missingEn } }));
    }
    return out;
  },
};
