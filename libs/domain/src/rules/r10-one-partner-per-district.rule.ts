import type { Finding } from '../shared/finding';
import type { CooperationView } from '../views/states';
import type { Rule, RuleContext } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, breach, overLimitIntervals, push } from './rule';

/** R10: one lead school has at most one active partner in each district code. */
export const r10OnePartnerPerDistrict: Rule = {
  id: 'R10',
  name: 'ONE_PARTNER_PER_DISTRICT',
  clause: '§3.1 每所优质学校集团化办学在同一区县（市）限设一所合作学校',
  severity: 'violation',
  subjectType: 'school',
  parameters: { maxPartnersPerDistrict: 1 },
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: {
    zh: '优质学校在区县（市）{district} 的在册合作学校超过 {max} 所',
    en: 'The lead school has more than {max} active partner(s) in district {district}',
  },
  evaluate(ctx) {
    const led = ctx.states.cooperationsLedBy(ctx.subject.id);
    if (led.length === 0) return NO_FINDINGS;
    const max = ctx.params.maxPartnersPerDistrict;
    // Only a district whose admissions together pass the limit can hold an interval over it. Most
    // leads have none: found on a list of the partners' districts, before any per-district list
    // and change record is built (ADR 0107).
    if (!someDistrictOver(ctx, led, max)) return NO_FINDINGS;
    const byDistrict = new Map<string, { on: string; delta: number; eventId: string }[]>();
    for (const c of led) {
      if (!c.admission) continue;
      const district = ctx.states.school(c.partnerSchoolId)?.districtCode;
      if (!district) continue;
      let list = byDistrict.get(district);
      if (!list) byDistrict.set(district, (list = []));
      list.push({ on: c.admission.on, delta: 1, eventId: c.admission.eventId });
      if (c.endedOn) list.push({ on: c.endedOn, delta: -1, eventId: c.exit?.eventId ?? c.admission.eventId });
    }
    // Only a district whose admissions together pass the limit can hold an interval over it
    // (overLimitIntervals finds none in the others): sort and scan those alone.
    const over: string[] = [];
    byDistrict.forEach((list, district) => {
      let increases = 0;
      for (let i = 0; i < list.length; i++) if (list[i].delta > 0) increases += list[i].delta;
      if (increases > max) over.push(district);
    });
    if (over.length === 0) return NO_FINDINGS;
    const out: Finding[] = [];
    for (const district of over.sort()) {
      for (const i of overLimitIntervals(byDistrict.get(district)!, max)) {
        push(out, breach(this, ctx, { since: i.since, resolvedOn: i.until, evidence: i.evidence, vars: { district, max } }));
      }
    }
    return out;
  },
};

/**
 * Whether some district holds more than `max` admitted partners of `led` (the districts are the
 * partners' schools' at the view's day, as `evaluate` reads them). A lead has a handful of
 * cooperations: one list of district codes and a pairwise count.
 */
function someDistrictOver(ctx: RuleContext, led: readonly CooperationView[], max: number): boolean {
  const districts: string[] = [];
  for (let i = 0; i < led.length; i++) {
    const c = led[i];
    if (!c.admission) continue;
    const district = ctx.states.school(c.partnerSchoolId)?.districtCode;
    if (district) districts.push(district);
  }
  if (districts.length <= max) return false;
  for (let i = 0; i < districts.length; i++) {
    let count = 0;
    for (let k = 0; k < districts.length; k++) if (districts[k] === districts[i] && ++count > max) return true;
  }
  return false;
}
