import { subjectsTouchedBy, type Finding, type IsoDay, type LedgerView, type SubjectRef } from '@ledger/domain';
import { LEDGER_VIEW } from '../ledger-view/ledger-view.projection';
import type { ApplyContext, FindingChange, ReadModel } from '../runner/read-model';
import { allSubjects, evaluateSubjectFindings, findingKey } from './compliance-engine';

export const CITY_COMPLIANCE = 'city-compliance';

/**
 * City-wide compliance today: the findings of every subject at asOf = today, cached per subject
 * and recomputed for the subjects an event touches. While following live, the recomputation runs
 * at once and the findings that opened or closed go out on the stream; during catch-up subjects
 * are only marked dirty and evaluated once in `settle` (a replay does not evaluate a subject per
 * event). When the day changes every subject is re-evaluated.
 */
export interface CityComplianceState {
  asOf: IsoDay;
  /** `type:id` → that subject's findings at asOf (all statuses). */
  findings: Record<string, Finding[]>;
  /** `type:id` of subjects whose findings are stale. */
  dirty: Record<string, true>;
  /** The position of the last event applied, and the finding changes it caused (for the stream). */
}

const key = (s: SubjectRef) => `${s.type}:${s.id}`;
const parseKey = (k: string): SubjectRef => {
  const i = k.indexOf(':');
  return { type: k.slice(0, i) as SubjectRef['type'], id: k.slice(i + 1) };
};

function reevaluate(state: CityComplianceState, view: LedgerView, k: string, cause?: { eventId: string; position: bigint }): FindingChange[] {
  const before = state.findings[k] ?? [];
  const after = evaluateSubjectFindings(view, parseKey(k), { asOf: state.asOf });
  if (after.length > 0) state.findings[k] = after;
  else delete state.findings[k];
  delete state.dirty[k];
  if (!cause) return [];
  const openBefore = new Map(before.filter((f) => f.status === 'OPEN').map((f) => [findingKey(f), f]));
  const openAfter = new Map(after.filter((f) => f.status === 'OPEN').map((f) => [findingKey(f), f]));
  const allAfter = new Map(after.map((f) => [findingKey(f), f]));
  const changes: FindingChange[] = [];
  for (const [fk, f] of openAfter) if (!openBefore.has(fk)) changes.push({ change: 'opened', finding: f, ...cause });
  for (const [fk, f] of openBefore) if (!openAfter.has(fk)) changes.push({ change: 'closed', finding: allAfter.get(fk) ?? f, ...cause });
  return changes;
}

function settleAll(state: CityComplianceState, ctx: ApplyContext): CityComplianceState {
  const dirty = Object.keys(state.dirty);
  if (dirty.length === 0) return state;
  const view = ctx.stateOf<LedgerView>(LEDGER_VIEW);
  for (const k of dirty.sort()) reevaluate(state, view, k);
  return state;
}

export const cityComplianceProjection: ReadModel<CityComplianceState> = {
  name: CITY_COMPLIANCE,
  version: 1,
  initialState: () => ({ asOf: '', findings: {}, dirty: {} }),
  apply(state, event, ctx) {
    const view = ctx.stateOf<LedgerView>(LEDGER_VIEW);
    if (state.asOf !== ctx.today) {
      state.asOf = ctx.today;
      for (const s of allSubjects(view)) state.dirty[key(s)] = true;
    }
    const touched = subjectsTouchedBy(event, view).map(key);
    if (!ctx.live) {
      for (const k of touched) state.dirty[k] = true;
      return state;
    }
    settleAll(state, ctx);
    const changes: FindingChange[] = [];
    for (const k of touched) changes.push(...reevaluate(state, view, k, { eventId: event.eventId, position: event.position }));
    if (changes.length > 0) ctx.emitFindings(changes);
    return state;
  },
  onNewDay(state, ctx) {
    state.asOf = ctx.today;
    for (const s of allSubjects(ctx.stateOf<LedgerView>(LEDGER_VIEW))) state.dirty[key(s)] = true;
    return state;
  },
  settle: settleAll,
  serialize: (s) => JSON.stringify(s),
  deserialize: (t) => {
    const s = JSON.parse(t) as CityComplianceState;
    if (typeof s.asOf !== 'string' || typeof s.findings !== 'object' || typeof s.dirty !== 'object') throw new Error('not a city-compliance snapshot');
    return s;
  },
};

/** Every cached finding, in a stable order (rule, subject, since). */
export function cachedFindings(state: CityComplianceState): Finding[] {
  const out: Finding[] = [];
  for (const k of Object.keys(state.findings).sort()) out.push(...state.findings[k]);
  return out.sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : findingKey(a) < findingKey(b) ? -1 : 1));
}
