import type { RecordedDomainEvent } from '../shared/envelope';
import { parseStreamId } from '../shared/envelope';
import type { DocumentRef, IsoDay, IsoInstant, SubjectRef, SubjectType } from '../shared/terms';
import { catalogueType } from '../schema/parse-recorded-event';
import { draftDocumentsHeld } from './draft-documents';
import { normalizeInstant } from './iso-day';

/**
 * The ledger view: an incremental, deterministic fold over every recorded event of the city.
 *
 * It keeps, per subject (school, group, cooperation), the *facts* that were recorded about it,
 * each with its valid day (`on`), its global position and its event id, sorted by (valid day,
 * position). States at a valid day are derived on demand (`schoolAt`, `groupAt`, …) so that a
 * late-recorded event (valid time earlier than events already folded) and a retraction change
 * the answers without any rewrite. Because every fact keeps its position and recording instant,
 * the same view also answers "as known at" a position/instant (bitemporal), see `ViewAt`.
 *
 * The view is held in Maps keyed by id (V8 dictionaries are slow past ~100k keys); a projection
 * snapshots it as JSON with `serializeLedgerView` (Maps as entry lists, no bigint) and resumes
 * with `deserializeLedgerView`.
 *
 * `applyEvent` MUTATES the view it is given and returns it (speed: ≥ 200k events/s). Folding the
 * same events in the same order always gives the same view. It only ever adds to the view (a fact
 * joins a list and never leaves it or changes, a subject or a retraction joins the end of its Map):
 * a live snapshot cuts the view while later events are folded, relying on it (ADR 0179).
 */

export interface Fact<D = unknown> {
  readonly eventId: string;
  readonly type: string;
  /** Valid time: the event's occurredOn. */
  readonly on: IsoDay;
  /** Global position (bigint in the store; a JS number here, exact below 2^53). */
  readonly pos: number;
  /** Transaction time. */
  readonly recordedAt: IsoInstant;
  readonly data: D;
  /**
   * ContractDraftSubmitted only: `draftDocumentsHeld(data.documents)`, computed once when the fact
   * is folded (ADR 0111) so that R03 reads it instead of checking every digest per evaluation.
   * Derived from `data` alone; a snapshot keeps it, and a fact without it has it computed on read.
   */
  readonly draftHeld?: number;
}

export interface RetractionFact {
  readonly eventId: string;
  readonly pos: number;
  readonly recordedAt: IsoInstant;
  readonly on: IsoDay;
  readonly reason: string;
}

export interface LedgerIndex {
  /** groupId[] per lead school */
  readonly groupsByLead: Map<string, string[]>;
  /** cooperationId[] per group */
  readonly cooperationsByGroup: Map<string, string[]>;
  /** cooperationId[] per lead school */
  readonly cooperationsByLead: Map<string, string[]>;
  /** cooperationId[] per partner school */
  readonly cooperationsByPartner: Map<string, string[]>;
}

export interface LedgerView {
  readonly kind: 'ledger-view';
  readonly version: 1;
  readonly schools: Map<string, Fact[]>;
  readonly groups: Map<string, Fact[]>;
  readonly cooperations: Map<string, Fact[]>;
  /** retracted eventId → the retraction that removed it. */
  readonly retractions: Map<string, RetractionFact>;
  readonly index: LedgerIndex;
  /** Position of the last folded event (decimal string), or null. */
  lastPosition: string | null;
  lastRecordedAt: IsoInstant | null;
  eventCount: number;
}

/**
 * Where to look from: the valid day (`asOf`) and, optionally, the recording horizon (`knownAt`):
 * only facts and retractions with position ≤ `knownAt.position` and recordedAt ≤
 * `knownAt.instant` count.
 */
export interface KnownAt {
  readonly instant?: IsoInstant;
  readonly position?: bigint | number | string;
}
export interface ViewAt {
  readonly asOf: IsoDay;
  readonly knownAt?: KnownAt;
}

export function emptyLedgerView(): LedgerView {
  return {
    kind: 'ledger-view',
    version: 1,
    schools: new Map(),
    groups: new Map(),
    cooperations: new Map(),
    retractions: new Map(),
    index: { groupsByLead: new Map(), cooperationsByGroup: new Map(), cooperationsByLead: new Map(), cooperationsByPartner: new Map() },
    lastPosition: null,
    lastRecordedAt: null,
    eventCount: 0,
  };
}

export function collectionOf(view: LedgerView, type: SubjectType): Map<string, Fact[]> {
  return type === 'school' ? view.schools : type === 'group' ? view.groups : view.cooperations;
}

function addToIndex(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

/** Insert keeping (on, pos) order; events mostly arrive in order, so this is O(1) amortised. */
function insertFact(list: Fact[], fact: Fact): void {
  let i = list.length;
  while (i > 0) {
    const prev = list[i - 1];
    if (prev.on < fact.on || (prev.on === fact.on && prev.pos <= fact.pos)) break;
    i--;
  }
  if (i === list.length) list.push(fact);
  else list.splice(i, 0, fact);
}

/**
 * `parseStreamId` without a regex (once per folded event): `school-…`, `group-…`,
 * `cooperation-…`; ids holding a line terminator (which the regex's `.` refuses) take the regex.
 */
function subjectOfStream(streamId: string): SubjectRef | undefined {
  const dash = streamId.indexOf('-');
  if (dash < 0 || dash === streamId.length - 1) return undefined;
  const type = dash === 6 && streamId.startsWith('school') ? 'school' : dash === 5 && streamId.startsWith('group') ? 'group' : dash === 11 && streamId.startsWith('cooperation') ? 'cooperation' : undefined;
  if (type === undefined) return undefined;
  const id = streamId.slice(dash + 1);
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return parseStreamId(streamId);
  }
  return { type, id };
}

/** The subject an event belongs to: its stream, or (for creation events) the id in its data. */
function subjectOfEvent(event: RecordedDomainEvent): SubjectRef | undefined {
  const parsed = subjectOfStream(event.streamId);
  if (parsed) return parsed;
  const data = (event.data ?? {}) as Record<string, unknown>;
  if (typeof data.cooperationId === 'string') return { type: 'cooperation', id: data.cooperationId };
  if (typeof data.groupId === 'string' && event.type.startsWith('Group')) return { type: 'group', id: data.groupId };
  if (typeof data.schoolId === 'string') return { type: 'school', id: data.schoolId };
  return undefined;
}

/**
 * Fold one recorded event into the view (mutates and returns `view`). Events must be applied
 * in recording (global position) order; their valid days may be in any order.
 */
export function applyEvent(view: LedgerView, event: RecordedDomainEvent): LedgerView {
  const subject = subjectOfEvent(event);
  const pos = Number(event.position);
  const on = event.metadata.occurredOn;
  // Instants are kept in one fixed form so that "known at" compares them correctly as strings.
  const recordedAt = normalizeInstant(event.metadata.recordedAt);
  view.lastPosition = String(event.position);
  view.lastRecordedAt = recordedAt;
  view.eventCount++;
  if (!subject) return view;

  let retracted: string | undefined;
  if (event.type === 'EventRetracted') {
    const data = event.data as { retractedEventId: string; reason: string };
    if (!view.retractions.has(data.retractedEventId)) {
      view.retractions.set(data.retractedEventId, { eventId: event.eventId, pos, recordedAt, on, reason: data.reason });
      retracted = data.retractedEventId;
    }
  }

  const fact: Fact =
    event.type === 'ContractDraftSubmitted'
      ? { eventId: event.eventId, type: event.type, on, pos, recordedAt, data: event.data, draftHeld: draftDocumentsHeld((event.data as { documents?: DocumentRef[] }).documents ?? []) }
      : { eventId: event.eventId, type: event.type, on, pos, recordedAt, data: event.data };
  const collection = collectionOf(view, subject.type);
  let list = collection.get(subject.id);
  if (list) insertFact(list, fact);
  else collection.set(subject.id, (list = [fact]));
  // A retraction is recorded in the stream of the event it retracts (the decider refuses any
  // other): that fact is found in this list, without an index of every event id (ADR 0177).
  if (retracted !== undefined) placeRetracted(view, list, retracted);

  if (event.type === 'GroupFormed') {
    const d = event.data as { groupId: string; leadSchoolId: string };
    addToIndex(view.index.groupsByLead, d.leadSchoolId, subject.id);
  } else if (event.type === 'CooperationProposed') {
    const d = event.data as { groupId: string; leadSchoolId: string; partnerSchoolId: string };
    addToIndex(view.index.cooperationsByGroup, d.groupId, subject.id);
    addToIndex(view.index.cooperationsByLead, d.leadSchoolId, subject.id);
    addToIndex(view.index.cooperationsByPartner, d.partnerSchoolId, subject.id);
  }
  return view;
}

/**
 * The list holding each retracted event's fact, per view (ADR 0177): what `visibleFacts` needs to
 * know which lists have a retracted fact, without an index of every event id (`subjectOf`, 1.2
 * million entries at a million events: ~9 % of a replay's fold, ~2 s of a restore and its memory).
 * Not part of the view's state: filled when a retraction is folded (its own list, where the decider
 * puts it) and by `settlingParsedView` for a view made from text; a retraction whose fact is not there yet
 * is found by one pass over the view's lists when it is first accounted for.
 */
const retractedListOf = new WeakMap<LedgerView, Map<string, Fact[]>>();

function placesOf(view: LedgerView): Map<string, Fact[]> {
  let places = retractedListOf.get(view);
  if (places === undefined) retractedListOf.set(view, (places = new Map()));
  return places;
}

/** Notes `list` as the place of `eventId`'s fact, if it holds it (a fact never leaves its list). */
function placeRetracted(view: LedgerView, list: Fact[], eventId: string): void {
  for (let i = list.length - 1; i >= 0; i--) {
    if (list[i].eventId === eventId) {
      placesOf(view).set(eventId, list);
      return;
    }
  }
}

/** The fact of each of these event ids, with its subject and its list, by one pass over the view's lists (ids with no fact are absent). */
export function findFacts(
  view: LedgerView,
  eventIds: ReadonlySet<string>,
): Map<string, { subject: SubjectRef; fact: Fact; list: Fact[] }> {
  const found = new Map<string, { subject: SubjectRef; fact: Fact; list: Fact[] }>();
  if (eventIds.size === 0) return found;
  for (const type of ['school', 'group', 'cooperation'] as const) {
    for (const [id, list] of collectionOf(view, type)) {
      for (let i = 0; i < list.length; i++) {
        if (eventIds.has(list[i].eventId)) {
          found.set(list[i].eventId, { subject: { type, id }, fact: list[i], list });
          if (found.size === eventIds.size) return found;
        }
      }
    }
  }
  return found;
}

/**
 * What a view made from JSON text (a restored snapshot, `deserializeLedgerView`) needs before it is
 * used, in one pass over its fact lists (ADRs 0177, 0178), a step every `per` subjects:
 * - where every retracted event's fact lives is noted, so that the first evaluation need not look;
 * - each fact's `type` becomes the catalogue's own string, as a folded fact's is (`parseRecordedEvent`):
 *   JSON.parse makes a copy of every string value of more than 10 characters, one per fact (~43 MiB
 *   at a million events), and most type names are longer.
 */
export function* settlingParsedView(view: LedgerView, per = 1_000): Generator<void, void, undefined> {
  const places = placesOf(view);
  const wanted = new Set<string>();
  for (const eventId of view.retractions.keys()) if (!places.has(eventId)) wanted.add(eventId);
  let n = 0;
  for (const type of ['school', 'group', 'cooperation'] as const) {
    for (const list of collectionOf(view, type).values()) {
      for (let i = 0; i < list.length; i++) {
        const f = list[i] as { type: string; eventId: string };
        const shared = catalogueType(f.type);
        if (shared !== undefined) f.type = shared;
        if (wanted.size > 0 && wanted.delete(f.eventId)) places.set(f.eventId, list);
      }
      if (++n % per === 0) yield;
    }
  }
}

export interface FoldOptions {
  /** Fold only events that took effect on or before this day (retractions always count). */
  readonly asOf?: IsoDay;
  readonly knownAt?: KnownAt;
}

/** Fold a recorded history (in global order) into a fresh view. */
export function foldLedger(events: Iterable<RecordedDomainEvent>, options: FoldOptions = {}): LedgerView {
  const view = emptyLedgerView();
  const known = knownFilter(options.knownAt);
  for (const event of events) {
    if (known && !known(Number(event.position), normalizeInstant(event.metadata.recordedAt))) continue;
    if (options.asOf && event.type !== 'EventRetracted' && event.metadata.occurredOn > options.asOf) continue;
    applyEvent(view, event);
  }
  return view;
}

/**
 * A predicate over (position, recordedAt), or undefined when everything is known. `recordedAt` must
 * be in the normal form of `normalizeInstant` (the view's facts are); `knownAt.instant` may be in
 * any ISO form (…Z, ….000Z, an offset).
 */
export function knownFilter(knownAt?: KnownAt): ((pos: number, recordedAt: IsoInstant) => boolean) | undefined {
  if (!knownAt || (knownAt.position === undefined && knownAt.instant === undefined)) return undefined;
  const maxPos = knownAt.position === undefined ? Infinity : Number(knownAt.position);
  const instant = knownAt.instant === undefined ? undefined : normalizeInstant(knownAt.instant);
  return (pos, recordedAt) => pos <= maxPos && (instant === undefined || recordedAt <= instant);
}

/**
 * Whether an event folded into a view can change anything seen in it at `at`: only if it is known
 * at `knownAt`, and it is a retraction or valid on or before `asOf`. Every fact is filtered by
 * `visibleFacts` at `at` before anything is derived from it, so the others change no state and no
 * finding there (a property in evaluation.property.spec). An evaluation at another day stays
 * right while only such events come (ADR 0163).
 */
export function countsAt(event: Pick<RecordedDomainEvent, 'type' | 'position' | 'metadata'>, at: ViewAt): boolean {
  const known = knownFilter(at.knownAt);
  if (known && !known(Number(event.position), normalizeInstant(event.metadata.recordedAt))) return false;
  return event.type === 'EventRetracted' || event.metadata.occurredOn <= at.asOf;
}

/** A fact of a list whose event id has a retraction, with that retraction. */
interface RetractedFact {
  readonly fact: Fact;
  readonly retraction: RetractionFact;
}

interface RetractedLists {
  /** How many of the view's retractions (in insertion order) are accounted for in `lists`. */
  seen: number;
  /**
   * Per fact list holding at least one retracted fact: those facts (by identity) with their
   * retractions; undefined: some target is unknown, check every fact of every list by event id.
   */
  lists: WeakMap<Fact[], readonly RetractedFact[]> | undefined;
}
const retractedListsOf = new WeakMap<LedgerView, RetractedLists>();

/**
 * The retracted facts of a subject's fact list: an empty list for most subjects, `undefined` when
 * they are not known (then every fact is looked up by event id). Kept per view and brought up to
 * date when retractions have been added since (ADR 0162), so `visibleFacts` checks each fact
 * against the retractions only for those subjects, and by identity against that short list (ADR
 * 0107): no string-keyed look-up per fact. Same answer as `retractions.get(f.eventId)` for every
 * fact: the short list is exactly the list's facts for which that look-up answers.
 *
 * Only a new retraction changes which facts of a list are retracted: `view.retractions` only grows
 * (a retraction of an event retracted already is not kept), a list only gains facts, and event ids
 * are unique, so a fact folded after its list was accounted for has no retraction. Re-deriving the
 * whole table on every event instead (it was keyed by the event count) cost ~20–40 ms per event at
 * a million events (~8,000 retractions): steady recording held the server.
 */
const NO_RETRACTED: readonly RetractedFact[] = Object.freeze([]);

function retractedIn(view: LedgerView, list: Fact[]): readonly RetractedFact[] | undefined {
  let cached = retractedListsOf.get(view);
  if (!cached) retractedListsOf.set(view, (cached = { seen: 0, lists: new WeakMap() }));
  if (cached.seen !== view.retractions.size) accountForRetractions(view, cached);
  return cached.lists === undefined ? undefined : (cached.lists.get(list) ?? NO_RETRACTED);
}

/**
 * Adds the view's retractions after the first `cached.seen` to `cached.lists`: each one's list is
 * collected again. The list of a retracted fact is where the fold or the restore placed it, else
 * found by one pass over the view (ADR 0177); a fact found nowhere makes every list checked by id.
 */
function accountForRetractions(view: LedgerView, cached: RetractedLists): void {
  if (cached.lists !== undefined) {
    const places = placesOf(view);
    const fresh: string[] = [];
    let i = 0;
    for (const eventId of view.retractions.keys()) if (i++ >= cached.seen) fresh.push(eventId);
    const unplaced = new Set(fresh.filter((eventId) => !places.has(eventId)));
    for (const [eventId, { list }] of findFacts(view, unplaced)) places.set(eventId, list);
    const collected = new Set<Fact[]>();
    for (const eventId of fresh) {
      const target = places.get(eventId);
      if (target === undefined) {
        cached.lists = undefined;
        break;
      }
      if (collected.has(target)) continue;
      collected.add(target);
      const retracted: RetractedFact[] = [];
      for (let k = 0; k < target.length; k++) {
        const r = view.retractions.get(target[k].eventId);
        if (r !== undefined) retracted.push({ fact: target[k], retraction: r });
      }
      cached.lists.set(target, retracted);
    }
  }
  cached.seen = view.retractions.size;
}

/**
 * The facts of a subject that count at `at`: valid on or before `asOf`, known at `knownAt`, and
 * not retracted by a retraction known at `knownAt`. Sorted by (valid day, position).
 */
export function visibleFacts(view: LedgerView, type: SubjectType, id: string, at: ViewAt): readonly Fact[] {
  const list = collectionOf(view, type).get(id);
  if (!list) return [];
  return visibleOf(view, list, at);
}

/**
 * `visibleFacts` of a subject whose stored fact list the caller already holds (one look-up of the
 * subject in the view's map, not two: ADR 0107). `list` must be the view's own list.
 */
export function visibleOf(view: LedgerView, list: Fact[], at: ViewAt): readonly Fact[] {
  const known = knownFilter(at.knownAt);
  const retractions = view.retractions;
  const retracted = retractions.size > 0 ? retractedIn(view, list) : NO_RETRACTED;
  const anyRetraction = retracted === undefined || retracted.length > 0;
  const n = list.length;
  // Fast path (the common case): everything known, nothing retracted, nothing after asOf.
  if (!known && !anyRetraction && list[n - 1].on <= at.asOf) return list;
  // Copy lazily: `out` is only allocated once a fact is left out, so a subject none of whose facts
  // is excluded shares its stored list (no allocation per derivation).
  let out: Fact[] | undefined;
  let i = 0;
  for (; i < n; i++) {
    const f = list[i];
    if (f.on > at.asOf) break;
    let visible = !known || known(f.pos, f.recordedAt);
    if (visible && anyRetraction) {
      const r = retracted === undefined ? retractions.get(f.eventId) : retractionOf(retracted, f);
      if (r !== undefined && (!known || known(r.pos, r.recordedAt))) visible = false;
    }
    if (visible) {
      if (out !== undefined) out.push(f);
    } else if (out === undefined) out = list.slice(0, i);
  }
  if (out !== undefined) return out;
  return i === n ? list : list.slice(0, i);
}

function retractionOf(retracted: readonly RetractedFact[], f: Fact): RetractionFact | undefined {
  for (let k = 0; k < retracted.length; k++) if (retracted[k].fact === f) return retracted[k].retraction;
  return undefined;
}

/** Whether the event with this id counts as retracted at `at`. */
export function isRetracted(view: LedgerView, eventId: string, knownAt?: KnownAt): boolean {
  const r = view.retractions.get(eventId);
  if (!r) return false;
  const known = knownFilter(knownAt);
  return !known || known(r.pos, r.recordedAt);
}

/**
 * The stored fact of an event id in a subject's stream (a retraction is appended to the stream
 * of the event it retracts, so its own stream names the subject), or undefined.
 */
export function factById(view: LedgerView, subject: SubjectRef, eventId: string): Fact | undefined {
  return collectionOf(view, subject.type).get(subject.id)?.find((f) => f.eventId === eventId);
}

const MAP_FIELDS = ['schools', 'groups', 'cooperations', 'retractions'] as const;
const INDEX_FIELDS = ['groupsByLead', 'cooperationsByGroup', 'cooperationsByLead', 'cooperationsByPartner'] as const;

/** JSON snapshot: Maps become entry lists; positions are plain numbers/strings (no bigint). */
export function serializeLedgerView(view: LedgerView): string {
  const out: Record<string, unknown> = { ...view };
  for (const k of MAP_FIELDS) out[k] = [...view[k].entries()];
  out.index = Object.fromEntries(INDEX_FIELDS.map((k) => [k, [...view.index[k].entries()]]));
  return JSON.stringify(out);
}

export function deserializeLedgerView(json: string): LedgerView {
  const parsed = JSON.parse(json) as Record<string, unknown> | null;
  if (!parsed || parsed.kind !== 'ledger-view' || parsed.version !== 1) {
    throw new Error('not a ledger view snapshot (kind ledger-view, version 1)');
  }
  // A text written before ADR 0177 carries the view's former index of every event id: left out of
  // the copy (a `delete` would leave the view in V8's slower dictionary mode for good).
  const { subjectOf: _index, ...view } = parsed as Record<string, unknown>;
  for (const k of MAP_FIELDS) view[k] = new Map(parsed[k] as [string, unknown][]);
  const index = parsed.index as Record<string, [string, string[]][]>;
  view.index = Object.fromEntries(INDEX_FIELDS.map((k) => [k, new Map(index[k])]));
  const steps = settlingParsedView(view as unknown as LedgerView);
  while (!steps.next().done);
  return view as unknown as LedgerView;
}

export function subjectKey(subject: SubjectRef): string {
  return `${subject.type}:${subject.id}`;
}
