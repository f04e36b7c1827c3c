import {
  addMonths,
  compareFindings,
  districtsOf,
  evaluateSubjects,
  evaluatingCompliance,
  subjectsTouchedBy,
  type Finding,
  type IsoDay,
  type LedgerView,
  type SubjectRef,
} from '@ledger/domain';
import {
  cooperationFigures,
  cooperationFiguresOf,
  groupFigures,
  groupFiguresOf,
  type CooperationFigures,
  type DashboardSummary,
  type GroupFigures,
} from '../dashboard-summary/dashboard-summary.query';
import { compareDeadlines, deadlineWithin, type Deadline } from '../deadlines/deadlines.query';
import { LEDGER_VIEW } from '../ledger-view/ledger-view.projection';
import { sizeOf } from '../view-access';
import { drain, type ApplyContext, type FindingChange, type ReadModel } from '../runner/read-model';
import { releasing, restoringParts, snapshotParts, snapshotPartsFrom } from '../runner/snapshot-parts';
import {
  countSubject,
  emptyTotals,
  summaryOfTotals,
  withLeadCount,
  type CityTotals,
  type SubjectPart,
} from './city-totals';
import { findingKey } from './compliance-engine';
import { put, RecordsCut } from './records-at-cut';

export const CITY_COMPLIANCE = 'city-compliance';

/**
 * City-wide compliance today: the findings of every subject at asOf = today, cached per subject
 * and recomputed for the subjects an event touches. While following live, the recomputation runs
 * at once and the findings that opened or closed go out on the stream; during catch-up subjects
 * are only marked dirty and evaluated once in `settle` (a replay does not evaluate a subject per
 * event). When the day changes every subject is re-evaluated.
 *
 * With each subject's findings it keeps what the dashboard counts of it at asOf (a group's status
 * and lead, a cooperation's status and deadlines, the districts of a subject with findings), so
 * that the summary and the deadlines are answered without deriving ~70,000 states per request,
 * and the summary's totals over them (ADR 0152). They depend on the same facts as the findings
 * (`subjectsTouchedBy`).
 */
export interface CityComplianceState {
  asOf: IsoDay;
  /** `type:id` → that subject's findings at asOf (all statuses). */
  findings: Record<string, Finding[]>;
  /** Group id → its status and lead at asOf, for every group that exists then. */
  groups: Record<string, GroupFigures>;
  /** Cooperation id → its status at asOf and all its deadlines then, for every cooperation that exists then. */
  cooperations: Record<string, CooperationFigures>;
  /** `type:id` of every subject with findings → the district codes it touches (`districtsOf`). */
  districts: Record<string, string[]>;
  /** The summary's figures over every subject above, kept as they change. */
  totals: CityTotals;
  /** `type:id` of subjects whose findings are stale. */
  dirty: Record<string, true>;
  /** Every subject is stale (a long catch-up or a new day): settle re-evaluates the city. */
  allDirty: boolean;
  /** Events applied since the last settle while not live. */
  pending: number;
}

/**
 * During a catch-up the subjects events touch are tracked (marked dirty) and judged by the settle;
 * every TRACK_LIMIT events their count is checked, and once they are more than TRACK_SHARE of the
 * city's subjects the whole city is judged instead (ADR 0170). Judging a subject alone costs 1.5-2
 * times its share of the city-wide batch on average, and up to ~6 times for subjects of busy lead
 * schools (230 against 40 µs at a million events), so past a tenth of the city tracking could cost
 * more than the whole city. A replay from the start passes the bar at its first check (nearly every
 * subject then is new); a restart's tail of tens of thousands of events touches a few per cent of a
 * big city and is settled subject by subject.
 */
const TRACK_LIMIT = 2_000;
const TRACK_SHARE = 0.1;

const key = (s: SubjectRef) => `${s.type}:${s.id}`;
const parseKey = (k: string): SubjectRef => {
  const i = k.indexOf(':');
  return { type: k.slice(0, i) as SubjectRef['type'], id: k.slice(i + 1) };
};

/**
 * The findings at `asOf` of the subjects `keys`, by key (a subject without findings has no entry):
 * one evaluation over them all shares the domain's derived-state cache (the subjects an event
 * touches are a group, its lead and its cooperations: ~20 % cheaper judged together; ADR 0172).
 * Each subject's list is in `compareFindings` order, as `evaluateSubject` gives it.
 */
function judgedTogether(view: LedgerView, keys: readonly string[], asOf: IsoDay): Map<string, Finding[]> {
  const fresh = new Map<string, Finding[]>();
  for (const f of evaluateSubjects(view, keys.map(parseKey), { asOf })) {
    const k = key(f.subject);
    const list = fresh.get(k);
    if (list) list.push(f);
    else fresh.set(k, [f]);
  }
  return fresh;
}

/** Puts subject `k`'s findings judged after a live event in place; the findings it opened or closed. */
function reevaluated(
  state: CityComplianceState,
  view: LedgerView,
  k: string,
  after: Finding[],
  cause: { eventId: string; position: bigint },
): FindingChange[] {
  const before = state.findings[k] ?? [];
  setSubject(state, view, k, after);
  delete state.dirty[k];
  const openBefore = new Map(before.filter((f) => f.status === 'OPEN').map((f) => [findingKey(f), f]));
  const openAfter = new Map(after.filter((f) => f.status === 'OPEN').map((f) => [findingKey(f), f]));
  const allAfter = new Map(after.map((f) => [findingKey(f), f]));
  const changes: FindingChange[] = [];
  for (const [fk, f] of openAfter)
    if (!openBefore.has(fk)) changes.push({ change: 'opened', finding: f, ...cause });
  for (const [fk, f] of openBefore)
    if (!openAfter.has(fk)) changes.push({ change: 'closed', finding: allAfter.get(fk) ?? f, ...cause });
  return changes;
}

/** Subject `k`'s entries in the state: its part of the totals. */
function partOf(state: CityComplianceState, subject: SubjectRef, k: string): SubjectPart {
  return {
    id: subject.id,
    group: subject.type === 'group' ? state.groups[subject.id] : undefined,
    cooperation: subject.type === 'cooperation' ? state.cooperations[subject.id] : undefined,
    findings: state.findings[k],
    districts: state.districts[k],
  };
}

/**
 * Puts subject `k`'s findings at asOf in place, with what the dashboard counts of it then (derived
 * again, unless `figures` holds them already: a whole-city settle takes them from its evaluation's
 * states, ADR 0180), its old part of the totals taken away first and its new part added after.
 */
function setSubject(
  state: CityComplianceState,
  view: LedgerView,
  k: string,
  findings: Finding[] | undefined,
  figures?: KnownFigures,
): void {
  const subject = parseKey(k);
  countSubject(state.totals, partOf(state, subject, k), -1, state.asOf);
  put(state.findings, k, findings && findings.length > 0 ? findings : undefined);
  if (subject.type === 'group') {
    const g = figures?.groups.has(subject.id)
      ? figures.groups.get(subject.id)
      : groupFigures(view, subject.id, state.asOf);
    put(state.groups, subject.id, g);
  } else if (subject.type === 'cooperation') {
    const c = figures?.cooperations.has(subject.id)
      ? figures.cooperations.get(subject.id)
      : cooperationFigures(view, subject.id, state.asOf);
    put(state.cooperations, subject.id, c);
  }
  put(state.districts, k, state.findings[k] ? districtsOf(subject, view) : undefined);
  countSubject(state.totals, partOf(state, subject, k), 1, state.asOf);
}

/**
 * The totals' records (~4 M characters of urgent deadlines at a million events) are parts of their
 * own, not one entry of the totals' part (ADR 0183).
 */
const TOTALS_APART = { nested: ['totals'] };

/**
 * The state's parts as it is now, still right when events are folded, a new day is judged or the
 * city settled between two parts (ADR 0181). Nothing big is copied on the call: the header's
 * scalars, the totals' counts and `dirty` (empty while live) are; the big records (findings,
 * groups, cooperations, districts, the totals' leads, rules, districts and urgent deadlines: ~200,000
 * keys at a million events) are read as they were at the cut when their parts are cut
 * (`RecordsCut`; every change of theirs goes through `put`), their keys in their order then. What is
 * kept for the cut is released when the parts end (read through, failed or closed).
 */
function partsAsNow(state: CityComplianceState): IterableIterator<string> {
  const { findings, groups, cooperations, districts, totals, dirty } = state;
  // The totals' records (lead schools, open findings per rule and per district, urgent deadlines).
  const nested: object[] = Object.values(totals).filter((v) => typeof v === 'object' && v !== null);
  const cut = new RecordsCut([findings, groups, cooperations, districts, ...nested]);
  // Its counts as they are (its records are parts of their own, `totals.urgent`, …, cut as the others).
  const totalsNow = Object.entries(totals);
  const dirtyNow = Object.entries(dirty);
  const entriesAtCut = (field: object): Iterable<[string, unknown]> => {
    if (field === totals) return totalsNow;
    if (field === dirty) return dirtyNow;
    return cut.entriesOf(field);
  };
  // Its plain objects are all records: their values are not listed on the call.
  const parts = snapshotPartsFrom(state, entriesAtCut, { ...TOTALS_APART, knownRecords: true });
  return releasing(parts, () => cut.release());
}

/**
 * Judges the state at `today` from now on: if it was judged at another day, every subject is stale.
 * Every settle calls it (queries settle first, a live event settles before it is judged), so a new
 * day is seen without an `onNewDay`, and so is a snapshot restored on a later day with no event
 * since: the runner's day starts at today, and it calls no `onNewDay` for that (ADR 0150).
 */
function judgeAt(state: CityComplianceState, today: IsoDay): void {
  if (state.asOf === today) return;
  state.asOf = today;
  state.allDirty = true;
}

/** Groups' and cooperations' figures at asOf, by id, known already (undefined: none exists then). */
interface KnownFigures {
  readonly groups: Map<string, GroupFigures | undefined>;
  readonly cooperations: Map<string, CooperationFigures | undefined>;
}

/** How much of a sliced settle one step does. */
export interface CitySettleSteps {
  /** Whole city: findings put under their subject per step (~1 µs each). */
  readonly findings: number;
  /** Whole city: subjects set in place per step (~0.1 ms each at a million events). */
  readonly subjects: number;
  /**
   * Tracked subjects judged and set in place per step (~40-230 µs each at a million events); a
   * settle of no more than this many runs on one turn (ADR 0170).
   */
  readonly tracked: number;
}
const CITY_SETTLE_STEPS: CitySettleSteps = { findings: 2_000, subjects: 100, tracked: 100 };

/**
 * The whole city at `state.asOf`, step by step (ADR 0159): the domain's city evaluation a lead
 * school's batch per step (ADR 0095: its derived-state caches stay short-lived, where one
 * evaluateSubjects call over every subject would hold them all), then the findings put under their
 * subjects and every subject set in place, `per` step. The answer is built aside and put in place
 * by the last step, so the state stays whole and says it is not settled (`allDirty`) until then: a
 * query answered between two steps judges its subject on the view. The view must not change
 * between the steps (the runner pauses the fold); if it did, or the day was judged again
 * meanwhile, nothing is put in place and the city stays to be judged.
 */
function* settlingCity(
  state: CityComplianceState,
  view: LedgerView,
  per: CitySettleSteps,
): Generator<void, CityComplianceState, undefined> {
  const asOf = state.asOf;
  const eventCount = view.eventCount;
  // Each subject's findings by type and id: the evaluation's answer is in `compareFindings` order
  // (ADR 0151), so a subject's findings come together, already in the order `evaluateSubject` gives
  // them. Keyed by the view's own id strings (their hashes kept), not by `type:id` strings made per
  // finding and per subject (~6 % of the settle at a million events).
  const findings: Record<SubjectRef['type'], Map<string, Finding[]>> = {
    school: new Map(),
    group: new Map(),
    cooperation: new Map(),
  };
  // Each group's and cooperation's figures from the evaluation's own states, read as it judges the
  // subject, instead of deriving the ~70,000 states again (~8 % of the settle at a million events,
  // ADR 0180).
  const figures: KnownFigures = { groups: new Map(), cooperations: new Map() };
  const all = yield* evaluatingCompliance(view, { asOf }, (type, id, states) => {
    if (type === 'group') figures.groups.set(id, groupFiguresOf(states.group(id)));
    else if (type === 'cooperation')
      figures.cooperations.set(id, cooperationFiguresOf(view, states.cooperation(id), asOf));
  });
  let last: Finding | undefined;
  let list: Finding[] = [];
  for (let i = 0; i < all.length; i++) {
    const f = all[i];
    if (last !== undefined && f.subject.type === last.subject.type && f.subject.id === last.subject.id)
      list.push(f);
    else findings[f.subject.type].set(f.subject.id, (list = [f]));
    last = f;
    if ((i + 1) % per.findings === 0) yield;
  }
  const fresh: CityComplianceState = {
    ...state,
    findings: {},
    groups: {},
    cooperations: {},
    districts: {},
    totals: emptyTotals(),
  };
  let n = 0;
  // Every subject of the view, in the view's order: no reader depends on the order of the keys
  // (the lists are sorted when read), and sorting ~140,000 ids held one step for ~90 ms.
  const collections = [
    ['school', view.schools],
    ['group', view.groups],
    ['cooperation', view.cooperations],
  ] as const;
  for (const [type, collection] of collections) {
    for (const id of collection.keys()) {
      const k = `${type}:${id}`;
      setSubject(fresh, view, k, findings[type].get(id), figures);
      if (++n % per.subjects === 0) yield;
    }
  }
  if (view.eventCount !== eventCount || state.asOf !== asOf || !state.allDirty) return state;
  state.findings = fresh.findings;
  state.groups = fresh.groups;
  state.cooperations = fresh.cooperations;
  state.districts = fresh.districts;
  state.totals = fresh.totals;
  state.dirty = {};
  state.allDirty = false;
  state.pending = 0;
  return state;
}

/**
 * Judges the tracked subjects `keys` together and sets each in place (its part of the totals taken
 * away and added again), no longer dirty.
 */
function settleSubjects(state: CityComplianceState, view: LedgerView, keys: readonly string[]): void {
  const fresh = judgedTogether(view, keys, state.asOf);
  for (const k of keys) {
    setSubject(state, view, k, fresh.get(k));
    delete state.dirty[k];
  }
}

/**
 * The tracked subjects (ADR 0170), `per` a step, each set in place by its step. Between two steps
 * some are judged anew and the others still dirty: the totals stay the sum of every subject's part
 * as it is held, and the model answers nothing until none is dirty (`settledAt`), so no reader sees
 * a mix. The view must not change between the steps (the runner pauses the fold); if it did, or
 * the day was judged again (the whole city is then stale), the steps stop and what is left stays
 * dirty.
 */
function* settlingSubjects(
  state: CityComplianceState,
  view: LedgerView,
  per: number,
): Generator<void, CityComplianceState, undefined> {
  const asOf = state.asOf;
  const eventCount = view.eventCount;
  const keys = Object.keys(state.dirty);
  for (let i = 0; i < keys.length; i += per) {
    if (i > 0) {
      yield;
      if (view.eventCount !== eventCount || state.asOf !== asOf || state.allDirty) return state;
    }
    settleSubjects(state, view, keys.slice(i, i + per));
  }
  state.pending = 0;
  return state;
}

/** Whether `record` has more than `n` keys (counted no further). */
function moreKeysThan(record: object, n: number): boolean {
  let count = 0;
  for (const _ in record) if (++count > n) return true;
  return false;
}

/**
 * The city's settle as steps when it is long, for the runner to run in slices: the whole city (a
 * new day, a long catch-up: ~2 s at a million events; ADR 0159), or more tracked subjects than one
 * step judges (a restart's tail; ADR 0170). Undefined when what is left fits in one step, which
 * `settle` does on this turn. The model's `settling`; `per` only for specs (a small city's stages
 * fit in one step of the defaults).
 */
export function citySettling(
  state: CityComplianceState,
  ctx: ApplyContext,
  per: CitySettleSteps = CITY_SETTLE_STEPS,
): Generator<void, CityComplianceState, undefined> | undefined {
  judgeAt(state, ctx.today);
  const view = ctx.stateOf<LedgerView>(LEDGER_VIEW);
  if (state.allDirty) return settlingCity(state, view, per);
  if (moreKeysThan(state.dirty, per.tracked)) return settlingSubjects(state, view, per.tracked);
  return undefined;
}

function settleAll(state: CityComplianceState, ctx: ApplyContext): CityComplianceState {
  const view = ctx.stateOf<LedgerView>(LEDGER_VIEW);
  judgeAt(state, ctx.today);
  state.pending = 0;
  if (state.allDirty) return drain(settlingCity(state, view, CITY_SETTLE_STEPS));
  const keys = Object.keys(state.dirty);
  if (keys.length > 0) settleSubjects(state, view, keys);
  return state;
}

/**
 * Whether the subjects a catch-up tracks cost more to judge one by one than the whole city
 * (ADR 0170): more than TRACK_SHARE of the city's subjects.
 */
function trackingCostsMore(state: CityComplianceState, view: LedgerView): boolean {
  const city = view.schools.size + view.groups.size + view.cooperations.size;
  return moreKeysThan(state.dirty, Math.floor(TRACK_SHARE * city));
}

export const cityComplianceProjection: ReadModel<CityComplianceState> = {
  name: CITY_COMPLIANCE,
  version: 3,
  initialState: () => ({
    asOf: '',
    findings: {},
    groups: {},
    cooperations: {},
    districts: {},
    totals: emptyTotals(),
    dirty: {},
    allDirty: false,
    pending: 0,
  }),
  apply(state, event, ctx) {
    const view = ctx.stateOf<LedgerView>(LEDGER_VIEW);
    if (!ctx.live) {
      state.pending += 1;
      if (state.allDirty) return state;
      for (const k of subjectsTouchedBy(event, view).map(key)) state.dirty[k] = true;
      if (state.pending % TRACK_LIMIT === 0 && trackingCostsMore(state, view)) {
        // The whole city is judged at the settle: the tracked subjects are in it.
        state.allDirty = true;
        state.dirty = {};
      }
      return state;
    }
    settleAll(state, ctx);
    const touched = subjectsTouchedBy(event, view).map(key);
    const fresh = judgedTogether(view, touched, state.asOf);
    const cause = { eventId: event.eventId, position: event.position };
    const changes: FindingChange[] = [];
    for (const k of touched) changes.push(...reevaluated(state, view, k, fresh.get(k) ?? [], cause));
    if (changes.length > 0) ctx.emitFindings(changes);
    return state;
  },
  settle: settleAll,
  settling: (state, ctx) => citySettling(state, ctx),
  serialize: (s) => JSON.stringify(s),
  deserialize: (t) => checked(JSON.parse(t) as CityComplianceState),
  snapshotParts: (s) => snapshotParts(s, TOTALS_APART),
  snapshotPartsWhileFolding: partsAsNow,
  *restoreParts(parts) {
    return checked(yield* restoringParts<CityComplianceState>(parts));
  },
};

function checked(s: CityComplianceState): CityComplianceState {
  if (
    typeof s.asOf !== 'string' ||
    typeof s.findings !== 'object' ||
    typeof s.groups !== 'object' ||
    typeof s.cooperations !== 'object' ||
    typeof s.districts !== 'object' ||
    typeof s.totals !== 'object' ||
    typeof s.dirty !== 'object' ||
    typeof s.allDirty !== 'boolean'
  ) {
    throw new Error('not a city-compliance snapshot');
  }
  withLeadCount(s.totals);
  return s;
}

/** Whether the model holds every subject settled at `asOf` (else the caller derives the answer from the view). */
function settledAt(state: CityComplianceState, asOf: IsoDay): boolean {
  if (state.asOf !== asOf || state.allDirty) return false;
  for (const _ in state.dirty) return false;
  return true;
}

/**
 * One subject's findings at `asOf` from the read model, as the subject query gives them: a group's
 * together with its cooperations' (`evaluateSubject` with `related`), sorted by `compareFindings`.
 * Undefined when the model cannot answer: it holds another day, or subjects are still to settle
 * (the caller evaluates instead). A new array; the findings are the model's own, not to be changed.
 * ADR 0137.
 */
export function cachedSubjectFindings(
  state: CityComplianceState,
  view: LedgerView,
  subject: SubjectRef,
  asOf: IsoDay,
): Finding[] | undefined {
  if (!settledAt(state, asOf)) return undefined;
  const own = state.findings[key(subject)];
  const out = own ? own.slice() : [];
  if (subject.type !== 'group') return out;
  const cids = view.index.cooperationsByGroup.get(subject.id);
  if (!cids) return out;
  for (const cid of cids) {
    const list = state.findings[`cooperation:${cid}`];
    if (list) for (const f of list) out.push(f);
  }
  // Each list is already in compareFindings order; the group's own findings sort first.
  return out.sort(compareFindings);
}

/**
 * Every cached finding, in the domain's order (`compareFindings`: subject type, subject id, rule,
 * since, evidence), the order `evaluateCompliance` answers in: today's city, answered from this
 * model, pages as any other day's, evaluated on the view (ADR 0151). Undefined when the model
 * holds another day or subjects still to settle: the day may have turned since the caller settled it.
 */
export function cachedFindings(state: CityComplianceState, asOf: IsoDay): Finding[] | undefined {
  if (!settledAt(state, asOf)) return undefined;
  const out: Finding[] = [];
  for (const k in state.findings) for (const f of state.findings[k]) out.push(f);
  return out.sort(compareFindings);
}

/**
 * A subject's district codes, as `districtsOf(subject, view)` answers them: kept by the model for
 * every subject with findings (re-judged with the subject whenever an event touches a school it
 * involves), else asked of the view. The model's are used only when it has nothing left to settle.
 * What `/compliance?districtCode=` filters by (a district's page took ~0.3 s at a million events,
 * each finding's subject asked of the view).
 */
export function cachedDistricts(
  state: CityComplianceState,
  view: LedgerView,
): (subject: SubjectRef) => readonly string[] {
  if (!settledAt(state, state.asOf)) return (subject) => districtsOf(subject, view);
  return (subject) => state.districts[key(subject)] ?? districtsOf(subject, view);
}

/** Every cooperation's deadlines at the model's day (no horizon). */
function* eachDeadline(state: CityComplianceState): Generator<Deadline> {
  for (const id in state.cooperations) yield* state.cooperations[id].deadlines;
}

/**
 * The dashboard's summary at `today` from the model's totals: what `dashboardSummary` derives from
 * the view (every group's and cooperation's state, ~0.4-0.6 s at a million events). Undefined when
 * the model cannot answer (another day, subjects still to settle). ADR 0152.
 */
export function cachedSummary(
  state: CityComplianceState,
  view: LedgerView,
  today: IsoDay,
  position: bigint,
): DashboardSummary | undefined {
  if (!settledAt(state, today)) return undefined;
  return summaryOfTotals(state.totals, today, position, sizeOf(view.schools));
}

/**
 * `deadlinesWithin(view, today, withinMonths)` from the model: every cooperation's deadlines, cut
 * at the horizon, soonest first. Undefined when the model cannot answer. ADR 0152.
 */
export function cachedDeadlines(
  state: CityComplianceState,
  today: IsoDay,
  withinMonths: number,
): Deadline[] | undefined {
  if (!settledAt(state, today)) return undefined;
  const horizon = addMonths(today, withinMonths);
  const out: Deadline[] = [];
  for (const d of eachDeadline(state)) if (deadlineWithin(d, horizon)) out.push(d);
  return out.sort(compareDeadlines);
}
