import type { EventMetadata, RecordedDomainEvent } from '@ledger/domain';
import type { StoredEvent } from '@ledger/event-store';

/**
 * StoredEvent → RecordedDomainEvent. Checks the envelope the read models rely on (occurredOn,
 * recordedAt, actor) and throws on a malformed event so the runner can set it aside.
 */
export function toRecordedEvent(stored: StoredEvent): RecordedDomainEvent {
  const m = stored.metadata as Partial<EventMetadata> | null;
  if (!m || typeof m !== 'object' || typeof m.occurredOn !== 'string' || typeof m.recordedAt !== 'string') {
    throw new Error(`Malformed event ${stored.eventId} at ${stored.position}: metadata lacks occurredOn/recordedAt`);
  }
  if (stored.data === null || typeof stored.data !== 'object' || Array.isArray(stored.data)) {
    throw new Error(`Malformed event ${stored.eventId} at ${stored.position}: data is not an object`);
  }
  return {
    eventId: stored.eventId,
    streamId: stored.streamId,
    revision: stored.revision,
    position: stored.position,
    type: stored.type,
    data: stored.data,
    metadata: m as EventMetadata,
  };
}
