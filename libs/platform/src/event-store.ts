import { createEventStore, type EventStore } from '@ledger/event-store';
import type { LedgerConfig } from './config';

/** Opens the configured event store adapter (embedded SQLite by default, or EventStoreDB). */
export async function openEventStore(
  config: Pick<LedgerConfig, 'eventStore' | 'dataDir' | 'eventStoreDbUrl'> &
    Partial<Pick<LedgerConfig, 'sqliteSynchronous' | 'sqliteInlineLoneAppends'>>,
): Promise<EventStore> {
  return createEventStore({
    kind: config.eventStore,
    dataDir: config.dataDir,
    eventStoreDbUrl: config.eventStoreDbUrl,
    ...(config.sqliteSynchronous ? { synchronous: config.sqliteSynchronous } : {}),
    ...(config.sqliteInlineLoneAppends !== undefined ? { inlineLoneAppends: config.sqliteInlineLoneAppends } : {}),
  });
}
