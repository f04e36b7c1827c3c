import type { Finding } from '../shared/finding';
import type { Authority, IsoDay } from '../shared/terms';
import { addDays, addMonths } from '../views/iso-day';
import type { CooperationView, SchoolView } from '../views/states';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, breach, cooperationParties, push, sameAuthority, startsAfter } from './rule';
import { termSegments } from './term-segments';

/** The lead's own education authority: the city bureau for a city-direct school, else its district bureau. */
export function ownAuthority(school: SchoolView): Authority {
  return school.administration === 'CITY_DIRECT' ? { kind: 'CITY_BUREAU' } : { kind: 'DISTRICT_BUREAU', districtCode: school.districtCode };
}

/** Whether a recipient is the partner's local education authority (属地教育行政部门). */
export function isLocalAuthorityOf(partner: SchoolView, a: Authority): boolean {
  if (!partner.inChangsha) return a.kind === 'OTHER' || (a.kind === 'DISTRICT_BUREAU' && a.districtCode === partner.districtCode);
  return sameAuthority(a, ownAuthority(partner));
}

/** The first day on which the notices filed in [from, …] reach both authorities with a plan. */
export function noticeCompleteOn(c: CooperationView, lead: SchoolView, partner: SchoolView, from: IsoDay): { on: IsoDay; eventIds: string[] } | null {
  if (c.notices.length === 0) return null;
  const lAuth = ownAuthority(lead);
  let toLead = false;
  let toPartner = false;
  const ids: string[] = [];
  for (let i = 0; i < c.notices.length; i++) {
    const n = c.notices[i];
    if (n.on < from || !n.plan) continue;
    ids.push(n.eventId);
    toLead = toLead || n.recipients.some((r) => sameAuthority(r, lAuth));
    toPartner = toPartner || n.recipients.some((r) => isLocalAuthorityOf(partner, r));
    if (toLead && toPartner) return { on: n.on, eventIds: ids };
  }
  return null;
}

/**
 * R19: six months before the term ends (unless extended by then), the lead files a termination
 * notice with both its own authority and the partner's local authority, with a plan.
 */
export const r19ExpiryNotice: Rule = {
  id: 'R19',
  name: 'EXPIRY_NOTICE',
  clause: '§4.1 合作期满，优质学校应提前半年向所属教育主管部门及合作学校属地教育行政部门报备，制定合同终止实施方案',
  severity: 'violation',
  subjectType: 'cooperation',
  parameters: { noticeMonths: 6 },
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: {
    zh: '合作于 {termEnd} 期满，应在 {due} 前向双方教育主管部门报备终止实施方案，已逾期',
    en: 'The term ends on {termEnd}: the termination notice to both education authorities with a plan was due by {due} and is overdue',
  },
  evaluate(ctx) {
    const p = cooperationParties(ctx);
    if (!p || !p.c.admission) return NO_FINDINGS;
    const { c, lead, partner } = p;
    const segments = termSegments(c);
    const out: Finding[] = [];
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i];
      const due = addMonths(seg.end, -ctx.params.noticeMonths);
      if (c.admission!.on > due || (c.endedOn && c.endedOn <= due) || (seg.until && seg.until <= due)) continue;
      const since = addDays(due, 1);
      // A notice not yet due at asOf: no finding whatever was filed (breach would give none).
      if (startsAfter(this, since, ctx.asOf)) continue;
      const complete = noticeCompleteOn(c, lead, partner, seg.from);
      if (complete && complete.on <= due) continue;
      const ends = [complete?.on, seg.until, c.endedOn].filter((d): d is string => !!d).sort();
      push(
        out,
        breach(this, ctx, {
          since,
          resolvedOn: ends[0] ?? null,
          evidence: [seg.eventId, ...(complete?.eventIds ?? c.notices.map((n) => n.eventId))],
          vars: { termEnd: seg.end, due },
        }),
      );
    }
    return out;
  },
};
