import { evaluateCompliance, evaluateSubject, evaluatingCompliance, type Finding, type LedgerView, type SubjectRef, type ViewAt } from '@ledger/domain';
import { idsOf } from '../view-access';

/**
 * One subject's own findings at `at` (the domain's rule pack). Groups are judged without their
 * cooperations (`related: false`) so a city-wide list holds each finding once; pass
 * `related: true` for a group page that shows its cooperations' findings too.
 */
export function evaluateSubjectFindings(view: LedgerView, subject: SubjectRef, at: ViewAt, related = false): Finding[] {
  return evaluateSubject(view, subject, { ...optionsAt(at), related });
}

/** The domain's options for a view at `at` (no `knownAt` key when there is none). */
function optionsAt(at: ViewAt): { asOf: ViewAt['asOf']; knownAt?: NonNullable<ViewAt['knownAt']> } {
  return at.knownAt ? { asOf: at.asOf, knownAt: at.knownAt } : { asOf: at.asOf };
}

/** Every subject the view knows (schools, groups, cooperations), sorted for determinism. */
export function allSubjects(view: LedgerView): SubjectRef[] {
  const out: SubjectRef[] = [];
  for (const id of idsOf(view.schools).sort()) out.push({ type: 'school', id });
  for (const id of idsOf(view.groups).sort()) out.push({ type: 'group', id });
  for (const id of idsOf(view.cooperations).sort()) out.push({ type: 'cooperation', id });
  return out;
}

/**
 * City-wide findings at any (asOf, knownAt): every subject the view holds, in `allSubjects` order,
 * each subject's own findings sorted as `evaluateSubject` sorts them. That is the domain's
 * city-wide evaluation (sorted by subject type and id, then rule, since, evidence), which shares
 * derived states across subjects instead of deriving them afresh for each one (ADR 0110).
 */
export function evaluateCity(view: LedgerView, at: ViewAt): Finding[] {
  return evaluateCompliance(view, optionsAt(at));
}

/** `evaluateCity` step by step (a step per lead school's batch; ADR 0160): for the runner's `readInSlices`. */
export function evaluatingCity(view: LedgerView, at: ViewAt): Generator<void, Finding[], undefined> {
  return evaluatingCompliance(view, optionsAt(at));
}

/** The straightforward city-wide evaluation (every subject judged alone): the reference `evaluateCity` is checked against. */
export function evaluateCityBySubject(view: LedgerView, at: ViewAt): Finding[] {
  const out: Finding[] = [];
  for (const s of allSubjects(view)) out.push(...evaluateSubjectFindings(view, s, at));
  return out;
}

/** Identity of a finding across evaluations: rule, subject, the day it holds from, first evidence. */
export const findingKey = (f: Finding): string => `${f.ruleId}|${f.subject.type}:${f.subject.id}|${f.since}|${f.evidence[0] ?? ''}`;
