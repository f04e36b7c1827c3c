import type { Finding } from '../shared/finding';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, breach, inForce, push } from './rule';

/** R11: a district bureau sets up no branch campus of a partner school. */
export const r11NoDistrictBranches: Rule = {
  id: 'R11',
  name: 'NO_DISTRICT_BRANCHES',
  clause: '§3.1 各区县（市）教育局不得设立合作学校分校',
  severity: 'violation',
  subjectType: 'school',
  parameters: {},
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: {
    zh: '区县（市）教育局于 {on} 设立了合作学校分校「{branch}」',
    en: 'A district bureau set up the branch campus “{branch}” of a partner school on {on}',
  },
  evaluate(ctx) {
    // Cheap pre-check on the raw facts: most schools never record a branch campus.
    if (!ctx.view.schools.get(ctx.subject.id)?.some((f) => f.type === 'BranchCampusEstablished')) return NO_FINDINGS;
    const school = ctx.states.school(ctx.subject.id);
    if (!school || school.branches.length === 0) return NO_FINDINGS;
    const asPartner = ctx.states.cooperationsAsPartner(school.schoolId);
    const out: Finding[] = [];
    for (let i = 0; i < school.branches.length; i++) {
      const b = school.branches[i];
      if (b.establishedBy.kind !== 'DISTRICT_BUREAU' || !inForce(this, b.on)) continue;
      const c = asPartner.find((k) => k.admission && k.admission.on <= b.on && (!k.endedOn || k.endedOn > b.on));
      if (!c) continue;
      push(out, breach(this, ctx, { since: b.on, evidence: [b.eventId, c.admission?.eventId], vars: { on: b.on, branch: b.branchName } }));
    }
    return out;
  },
};
