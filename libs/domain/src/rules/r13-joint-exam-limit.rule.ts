import type { Finding } from '../shared/finding';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, breach, inForce, push } from './rule';

/** R13: a group holds at most one unified joint exam per calendar year. */
export const r13JointExamLimit: Rule = {
  id: 'R13',
  name: 'JOINT_EXAM_LIMIT',
  clause: '§3.3 严格控制集团化办学联考，原则上一年内组织统一联合考试不超过一次',
  severity: 'warning',
  subjectType: 'group',
  parameters: { maxJointExamsPerYear: 1 },
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: {
    zh: '集团在 {year} 年组织了 {count} 次统一联合考试（上限 {max} 次）',
    en: 'The group held {count} unified joint exams in {year} (limit {max})',
  },
  evaluate(ctx) {
    const g = ctx.states.group(ctx.subject.id);
    const max = ctx.params.maxJointExamsPerYear;
    // No year can hold more than `max` exams when the group held no more than that in all.
    if (!g || g.jointExams.length <= max) return NO_FINDINGS;
    // Nor when no calendar year holds more than `max` of the exams in force (most groups: a few
    // exams over several years): counted in place, without the per-year lists (ADR 0107).
    if (!someYearOver(this, g.jointExams, max)) return NO_FINDINGS;
    const byYear = new Map<string, { on: string; eventId: string }[]>();
    for (let i = 0; i < g.jointExams.length; i++) {
      const e = g.jointExams[i];
      if (!inForce(this, e.on)) continue;
      const y = e.on.slice(0, 4);
      let list = byYear.get(y);
      if (!list) byYear.set(y, (list = []));
      list.push(e);
    }
    const out: Finding[] = [];
    for (const [year, exams] of byYear) {
      if (exams.length <= max) continue;
      push(out, breach(this, ctx, { since: exams[max].on, evidence: exams.map((e) => e.eventId), vars: { year, count: exams.length, max } }));
    }
    return out;
  },
};

/** Whether some calendar year holds more than `max` of the exams in force (any order of exams). */
function someYearOver(rule: Rule, exams: readonly { on: string }[], max: number): boolean {
  for (let i = 0; i < exams.length; i++) {
    const day = exams[i].on;
    if (!inForce(rule, day)) continue;
    let count = 0;
    for (let k = 0; k < exams.length; k++) {
      const other = exams[k].on;
      if (inForce(rule, other) && sameYear(day, other) && ++count > max) return true;
    }
  }
  return false;
}

/** `a.slice(0, 4) === b.slice(0, 4)` without the two strings. */
function sameYear(a: string, b: string): boolean {
  if (a.length < 4 || b.length < 4) return a.slice(0, 4) === b.slice(0, 4);
  return a.charCodeAt(0) === b.charCodeAt(0) && a.charCodeAt(1) === b.charCodeAt(1) && a.charCodeAt(2) === b.charCodeAt(2) && a.charCodeAt(3) === b.charCodeAt(3);
}
