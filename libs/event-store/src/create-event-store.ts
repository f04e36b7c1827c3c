import type { EventStore } from './event-store.port';
import { SqliteEventStore, type SqliteSynchronous } from './sqlite/sqlite-event-store.adapter';

export interface CreateEventStoreOptions {
  readonly kind: 'sqlite' | 'eventstoredb';
  /** SQLite: the directory holding `events.db`. */
  readonly dataDir: string;
  /** EventStoreDB: a connection string, e.g. `esdb://node1:2113,node2:2113,node3:2113?tls=false`. */
  readonly eventStoreDbUrl?: string;
  /** SQLite: `PRAGMA synchronous` of the writer (default FULL). */
  readonly synchronous?: SqliteSynchronous;
  /** SQLite: a lone append commits on the caller's thread (ADR 0104; default true). */
  readonly inlineLoneAppends?: boolean;
}

/** Opens the configured adapter (`EVENT_STORE=sqlite|eventstoredb`). */
export async function createEventStore(options: CreateEventStoreOptions): Promise<EventStore> {
  switch (options.kind) {
    case 'sqlite':
      return SqliteEventStore.open({
        dataDir: options.dataDir,
        synchronous: options.synchronous,
        inlineLoneAppends: options.inlineLoneAppends,
      });
    case 'eventstoredb': {
      if (!options.eventStoreDbUrl) throw new Error('EVENT_STORE=eventstoredb needs EVENTSTOREDB_URL');
      // Loaded on demand: the gRPC client is only needed when this adapter is chosen.
      const { EventStoreDbEventStore } = await import('./eventstoredb/eventstoredb-event-store.adapter');
      return EventStoreDbEventStore.connect(options.eventStoreDbUrl);
    }
    default:
      throw new Error(`Unknown event store kind: ${String((options as { kind: unknown }).kind)}`);
  }
}
