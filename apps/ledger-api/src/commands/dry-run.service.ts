import { Inject, Injectable } from '@nestjs/common';
import * as domain from '@ledger/domain';
import type { CommandMetadata, DecidedEvent, Finding, RecordedDomainEvent, SubjectRef } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { CLOCK, type Clock } from '@ledger/platform';

/** The parts of the domain's compliance evaluation a dry run needs (libs/domain views + compliance). */
interface ComplianceApi {
  emptyLedgerView(): unknown;
  applyEvent(view: unknown, event: RecordedDomainEvent): unknown;
  evaluateSubject(view: unknown, subject: SubjectRef, options: { asOf: string }): Finding[];
  subjectsTouchedBy?(event: RecordedDomainEvent, view: unknown): SubjectRef[];
}

const findingKey = (f: Finding) => `${f.ruleId}|${f.subject.type}|${f.subject.id}|${f.since}`;

/**
 * `?dryRun=true`: folds the whole log into a ledger view, evaluates the touched subjects, applies
 * the would-be events and evaluates again. Nothing is written. Costs a full read of the log.
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
    const api = domain as unknown as Partial<ComplianceApi>;
    const base = { dryRun: true, streamId, ...(createdId ? { id: createdId } : {}) };
    const head = await this.store.headPosition();
    const lastRevision = streamEvents.length ? streamEvents[streamEvents.length - 1].revision : -1n;
    const wouldBe: RecordedDomainEvent[] = domain.buildEventsToAppend(decided, metadata, decided.map((_, i) => `dry-run-${i}`)).map((e, i) => ({
      eventId: e.eventId,
      streamId,
      revision: lastRevision + 1n + BigInt(i),
      position: head + 1n + BigInt(i),
      type: e.type,
      data: e.data,
      metadata: e.metadata,
    }));
    const events = wouldBe.map(({ type, data, metadata: m }) => ({ type, data, metadata: m }));
    if (typeof api.emptyLedgerView !== 'function' || typeof api.applyEvent !== 'function' || typeof api.evaluateSubject !== 'function') {
      return { ...base, events, findings: [], opened: [], closed: [], note: 'compliance evaluation not available in this build' };
    }
    let view = api.emptyLedgerView();
    for (const stored of await this.store.readAll()) view = api.applyEvent(view, domain.parseRecordedEvent(stored));
    const asOf = metadata.occurredOn > this.clock.today() ? metadata.occurredOn : this.clock.today();
    const subjectsAfter = (): SubjectRef[] => {
      const refs = new Map<string, SubjectRef>([[`${subject.type}:${subject.id}`, subject]]);
      for (const e of wouldBe) for (const s of api.subjectsTouchedBy?.(e, view) ?? []) refs.set(`${s.type}:${s.id}`, s);
      return [...refs.values()];
    };
    const evaluateAll = (subjects: SubjectRef[]) => subjects.flatMap((s) => api.evaluateSubject!(view, s, { asOf }));
    const before = evaluateAll(subjectsAfter());
    for (const e of wouldBe) view = api.applyEvent!(view, e);
    const after = evaluateAll(subjectsAfter());
    const beforeOpen = new Map(before.filter((f) => f.status === 'OPEN').map((f) => [findingKey(f), f]));
    const afterOpen = new Map(after.filter((f) => f.status === 'OPEN').map((f) => [findingKey(f), f]));
    return {
      ...base,
      asOf,
      events,
      findings: after,
      opened: [...afterOpen.entries()].filter(([k]) => !beforeOpen.has(k)).map(([, f]) => f),
      closed: [...beforeOpen.entries()].filter(([k]) => !afterOpen.has(k)).map(([, f]) => f),
    };
  }
}
