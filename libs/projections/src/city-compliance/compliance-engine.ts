import * as domain from '@ledger/domain';
import type { Finding, LedgerView, SubjectRef, ViewAt } from '@ledger/domain';

/**
 * The domain's compliance evaluation, reached by name: the read side was written while the rule
 * pack was still landing, so it binds late (and answers no findings when the pack is absent).
 * `evaluateSubject(view, subject, at)` → the subject's findings at `at`.
 */
type EvaluateSubject = (view: LedgerView, subject: SubjectRef, at: ViewAt) => Finding[];

export function evaluateSubjectFindings(view: LedgerView, subject: SubjectRef, at: ViewAt): Finding[] {
  const fn = (domain as unknown as Record<string, unknown>).evaluateSubject as EvaluateSubject | undefined;
  return typeof fn === 'function' ? fn(view, subject, at) : [];
}

/** Every subject the view knows (schools, groups, cooperations), sorted for determinism. */
export function allSubjects(view: LedgerView): SubjectRef[] {
  const out: SubjectRef[] = [];
  for (const id of Object.keys(view.schools).sort()) out.push({ type: 'school', id });
  for (const id of Object.keys(view.groups).sort()) out.push({ type: 'group', id });
  for (const id of Object.keys(view.cooperations).sort()) out.push({ type: 'cooperation', id });
  return out;
}

/** City-wide findings at any (asOf, knownAt): evaluates every subject the view holds. */
export function evaluateCity(view: LedgerView, at: ViewAt): Finding[] {
  const out: Finding[] = [];
  for (const s of allSubjects(view)) out.push(...evaluateSubjectFindings(view, s, at));
  return out;
}

/** Identity of a finding across evaluations: rule, subject and the day it holds from. */
export const findingKey = (f: Finding): string => `${f.ruleId}|${f.subject.type}:${f.subject.id}|${f.since}`;
