import type { Finding } from '../../shared/finding';
import type { IsoDay, SubjectRef } from '../../shared/terms';
import type { LedgerView } from '../../views/ledger-view';
import type { Rule, RuleParameters } from '../rule';
import { DEFAULT_PARAMETERS, StateCache } from '../rule';

/** Run one rule on one subject (no exceptions, no pack windows): the unit of a rule spec. */
export function judgeRule(rule: Rule, view: LedgerView, subject: SubjectRef, asOf: IsoDay, params: Partial<RuleParameters> = {}): readonly Finding[] {
  const at = { asOf };
  return rule.evaluate({ view, at, asOf, subject, params: { ...DEFAULT_PARAMETERS, ...params }, states: new StateCache(view, at) });
}

export const coopRef = (id: string): SubjectRef => ({ type: 'cooperation', id });
export const groupRef = (id: string): SubjectRef => ({ type: 'group', id });
export const schoolRef = (id: string): SubjectRef => ({ type: 'school', id });
