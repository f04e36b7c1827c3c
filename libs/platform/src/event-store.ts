import * as eventStoreLib from '@ledger/event-store';
import type { EventStore } from '@ledger/event-store';
import type { LedgerConfig } from './config';

type CreateEventStore = (options: {
  kind: 'sqlite' | 'eventstoredb';
  dataDir: string;
  eventStoreDbUrl?: string;
}) => EventStore | Promise<EventStore>;

/** Opens the configured event store adapter (`createEventStore` of @ledger/event-store). */
export async function openEventStore(config: Pick<LedgerConfig, 'eventStore' | 'dataDir' | 'eventStoreDbUrl'>): Promise<EventStore> {
  const create = (eventStoreLib as unknown as { createEventStore?: CreateEventStore }).createEventStore;
  if (typeof create !== 'function') {
    throw new Error('@ledger/event-store does not export createEventStore yet');
  }
  return create({ kind: config.eventStore, dataDir: config.dataDir, eventStoreDbUrl: config.eventStoreDbUrl });
}
