import type { EventStore, EventToAppend } from '@ledger/event-store';

/** Deterministic sample events for the audit specs: `count` events spread over a few school streams. */
export function sampleEvent(i: number): { streamId: string; event: EventToAppend } {
  const school = `43010000${String(i % 7).padStart(2, '0')}`;
  return {
    streamId: `school-${school}`,
    event: {
      eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      type: 'SchoolGovernanceChanged',
      data: { field: 'FUNDING_MECHANISM', description: `变更 ${i} · change ${i}`, amountFen: i * 100 },
      metadata: {
        schemaVersion: 1,
        occurredOn: `2024-0${1 + (i % 9)}-1${i % 10}`,
        recordedAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
        actor: { id: 'recorder-1', role: 'recorder', jurisdiction: 'city' },
        correlationId: `corr-${i}`,
      },
    },
  };
}

export async function appendSampleEvents(store: EventStore, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i++) {
    const { streamId, event } = sampleEvent(i);
    await store.appendToStream(streamId, [event]);
  }
}
