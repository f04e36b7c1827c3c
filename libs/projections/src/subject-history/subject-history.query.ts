import { parseRecordedEvent, subjectsTouchedBy, type Actor, type Finding, type IsoDay, type IsoInstant, type LedgerView } from '@ledger/domain';
import type { StoredEvent } from '@ledger/event-store';
import { evaluateSubjectFindings, findingKey } from '../city-compliance/compliance-engine';
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
  readonly findingsOpened: Finding[];
  readonly findingsClosed: Finding[];
}

/**
 * Every event of one stream with its actor, times, position, retraction and the findings it
 * opened or closed. The findings are a difference of two evaluations "as known" just before and
 * just after the event (asOf today), so the history needs no per-event index (ADR 0053).
 */
export function subjectHistory(stream: readonly StoredEvent[], view: LedgerView, today: IsoDay): HistoryEntry[] {
  return stream.map((stored) => {
    const event = parseRecordedEvent(stored);
    const opened: Finding[] = [];
    const closed: Finding[] = [];
    const pos = Number(stored.position);
    for (const subject of subjectsTouchedBy(event, view)) {
      const before = evaluateSubjectFindings(view, subject, { asOf: today, knownAt: { position: pos - 1 } }).filter((f) => f.status === 'OPEN');
      const after = evaluateSubjectFindings(view, subject, { asOf: today, knownAt: { position: pos } }).filter((f) => f.status === 'OPEN');
      const b = new Set(before.map(findingKey));
      const a = new Set(after.map(findingKey));
      opened.push(...after.filter((f) => !b.has(findingKey(f))));
      closed.push(...before.filter((f) => !a.has(findingKey(f))));
    }
    const r = entryOf(view.retractions, stored.eventId);
    return {
      eventId: stored.eventId,
      type: stored.type,
      revision: stored.revision.toString(),
      position: stored.position.toString(),
      occurredOn: event.metadata.occurredOn,
      recordedAt: event.metadata.recordedAt,
      actor: event.metadata.actor,
      data: event.data,
      retractedBy: r ? { eventId: r.eventId, reason: r.reason, recordedAt: r.recordedAt, position: String(r.pos) } : null,
      findingsOpened: opened,
      findingsClosed: closed,
    };
  });
}
