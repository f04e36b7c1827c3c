import { Inject, Injectable } from '@nestjs/common';
import {
  applyEvent,
  buildEventsToAppend,
  compareFindings,
  emptyLedgerView,
  evaluateSubjects,
  findingsChangedBy,
  parseRecordedEvent,
  subjectsTouchedBy,
  type CommandMetadata,
  type DecidedEvent,
  type Finding,
  type RecordedDomainEvent,
  type SubjectRef,
} from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { CLOCK, type Clock } from '@ledger/platform';

/**
 * `?dryRun=true`: folds the whole log into a ledger view, appends the would-be events to the view
 * only, and asks the domain which findings they open or close (`findingsChangedBy`), judged as of
 * today. Nothing is written. Costs a full read of the log (ADR 0043).
 */
@Injectable()
export class DryRunService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async evaluate(
    subject: SubjectRef,
    streamId: string,
    decided: DecidedEvent[],
    metadata: CommandMetadata,
    streamEvents: RecordedDomainEvent[],
    createdId?: string,
  ): Promise<Record<string, unknown>> {
    const head = await this.store.headPosition();
    const lastRevision = streamEvents.length ? streamEvents[streamEvents.length - 1].revision : -1n;
    const wouldBe: RecordedDomainEvent[] = buildEventsToAppend(
      decided,
      metadata,
      decided.map((_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
    ).map((e, i) => ({
      eventId: e.eventId,
      streamId,
      revision: lastRevision + 1n + BigInt(i),
      position: head + 1n + BigInt(i),
      type: e.type,
      data: e.data,
      metadata: e.metadata,
    }));
    const asOf = metadata.occurredOn > this.clock.today() ? metadata.occurredOn : this.clock.today();

    let view = emptyLedgerView();
    for (const stored of await this.store.readAll()) view = applyEvent(view, parseRecordedEvent(stored));
    const subjects = new Map<string, SubjectRef>([[`${subject.type}:${subject.id}`, subject]]);
    const opened: Finding[] = [];
    const closed: Finding[] = [];
    for (const event of wouldBe) {
      view = applyEvent(view, event);
      for (const s of subjectsTouchedBy(event, view)) subjects.set(`${s.type}:${s.id}`, s);
      const changes = findingsChangedBy(view, event, { asOf });
      opened.push(...changes.opened);
      closed.push(...changes.closed);
    }
    return {
      dryRun: true,
      streamId,
      ...(createdId ? { id: createdId } : {}),
      asOf,
      events: wouldBe.map(({ type, data, metadata: m }) => ({ type, data, occurredOn: m.occurredOn })),
      findings: evaluateSubjects(view, [...subjects.values()], { asOf }),
      opened: opened.sort(compareFindings),
      closed: closed.sort(compareFindings),
    };
  }
}
