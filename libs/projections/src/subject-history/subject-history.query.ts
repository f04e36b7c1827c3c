import { parseRecordedEvent, subjectsTouchedBy, type Actor, type Finding, type IsoDay, type IsoInstant, type LedgerView, type RecordedDomainEvent } from '@ledger/domain';
import type { StoredEvent } from '@ledger/event-store';
import { evaluateSubjectFindings, findingKey } from '../city-compliance/compliance-engine';
import { drain } from '../runner/read-model';
import { entryOf } from '../view-access';

export interface HistoryEntry {
  readonly eventId: string;
  readonly type: string;
  readonly revision: string;
  readonly position: string;
  readonly occurredOn: IsoDay;
  readonly recordedAt: IsoInstant;
  readonly actor: Actor;
  readonly data: unknown;
  /** Set when a later event retracted this one. */
  readonly retractedBy: { eventId: string; reason: string; recordedAt: IsoInstant; position: string } | null;
  /** Findings (judged today) that this event opened or closed, on any subject it touches. */
  readonly findingsOpened: readonly Finding[];
  readonly findingsClosed: readonly Finding[];
}

/** How many events' findings a `HistoryMemo` keeps (~6 MiB when they change none, as most do). */
export const HISTORY_MEMO_EVENTS = 100_000;

/** What one event opened and closed. */
interface FindingChanges {
  readonly opened: readonly Finding[];
  readonly closed: readonly Finding[];
}
const NO_CHANGES: FindingChanges = Object.freeze({ opened: Object.freeze([]), closed: Object.freeze([]) });

/**
 * The findings each event opened and closed, kept across history requests for one day (ADR 0165).
 * They are judged at (today, as known just before and just after the event's position): only
 * events at or before that position count there (`countsAt`), and the log only grows past it, so
 * the answer stays the same as events are recorded, until the day changes. An event is kept only
 * once the view has folded it (`foldedTo`); the least recently asked for goes first past
 * `capacity`.
 */
export class HistoryMemo {
  private day?: IsoDay;
  private readonly kept = new Map<bigint, FindingChanges>();

  constructor(private readonly capacity = HISTORY_MEMO_EVENTS) {}

  /** How many events it keeps. */
  get size(): number {
    return this.kept.size;
  }

  /** The changes of the event at `position` at `today`: kept ones, else computed (and kept if `keep`). */
  changesOf(position: bigint, today: IsoDay, keep: boolean, compute: () => FindingChanges): FindingChanges {
    if (this.day !== today) {
      this.kept.clear();
      this.day = today;
    }
    const hit = this.kept.get(position);
    if (hit) {
      this.kept.delete(position); // to the back: the least recently asked for are evicted first
      this.kept.set(position, hit);
      return hit;
    }
    const changes = compute();
    if (keep) {
      this.kept.set(position, changes);
      if (this.kept.size > this.capacity) this.kept.delete(this.kept.keys().next().value!);
    }
    return changes;
  }
}

/** Where a history page may take and keep its events' findings: the memo, and how far the view has folded. */
export interface HistoryMemoUse {
  readonly memo: HistoryMemo;
  readonly foldedTo: bigint;
}

/**
 * Every event of one stream with its actor, times, position, retraction and the findings it
 * opened or closed. The findings are a difference of two evaluations "as known" just before and
 * just after the event (asOf today), so the history needs no per-event index (ADR 0053); with a
 * memo, each event's are computed once a day (ADR 0165).
 */
export function subjectHistory(stream: readonly StoredEvent[], view: LedgerView, today: IsoDay, use?: HistoryMemoUse): HistoryEntry[] {
  return drain(historyInSteps(stream, view, today, use));
}

/** `subjectHistory` a step per entry, for the runner's `readInSlices` (a long history, ADR 0166). */
export function* historyInSteps(stream: readonly StoredEvent[], view: LedgerView, today: IsoDay, use?: HistoryMemoUse): Generator<void, HistoryEntry[], undefined> {
  const entries: HistoryEntry[] = [];
  for (const stored of stream) {
    const event = parseRecordedEvent(stored);
    const compute = () => findingChanges(event, Number(stored.position), view, today);
    // Not kept: an event the view has not folded yet, or whose position the store could not tell
    // (UNKNOWN_POSITION: every such event would share one key).
    const keep = use !== undefined && stored.position > 0n && stored.position <= use.foldedTo;
    const changes = use ? use.memo.changesOf(stored.position, today, keep, compute) : compute();
    const r = entryOf(view.retractions, stored.eventId);
    entries.push({
      eventId: stored.eventId,
      type: stored.type,
      revision: stored.revision.toString(),
      position: stored.position.toString(),
      occurredOn: event.metadata.occurredOn,
      recordedAt: event.metadata.recordedAt,
      actor: event.metadata.actor,
      data: event.data,
      retractedBy: r ? { eventId: r.eventId, reason: r.reason, recordedAt: r.recordedAt, position: String(r.pos) } : null,
      findingsOpened: changes.opened,
      findingsClosed: changes.closed,
    });
    yield;
  }
  return entries;
}

/** The open findings (judged at `today`) on the subjects `event` touches, just after it and not before, and the reverse. */
function findingChanges(event: RecordedDomainEvent, pos: number, view: LedgerView, today: IsoDay): FindingChanges {
  const opened: Finding[] = [];
  const closed: Finding[] = [];
  for (const subject of subjectsTouchedBy(event, view)) {
    const before = evaluateSubjectFindings(view, subject, { asOf: today, knownAt: { position: pos - 1 } }).filter((f) => f.status === 'OPEN');
    const after = evaluateSubjectFindings(view, subject, { asOf: today, knownAt: { position: pos } }).filter((f) => f.status === 'OPEN');
    const b = new Set(before.map(findingKey));
    const a = new Set(after.map(findingKey));
    opened.push(...after.filter((f) => !b.has(findingKey(f))));
    closed.push(...before.filter((f) => !a.has(findingKey(f))));
  }
  return opened.length === 0 && closed.length === 0 ? NO_CHANGES : { opened, closed };
}
