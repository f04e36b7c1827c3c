export * from './event-store.port';
export * from './errors';
export { sharedReading } from './shared-reading';
export { createEventStore, type CreateEventStoreOptions } from './create-event-store';
export {
  SqliteEventStore,
  type SqliteEventStoreOptions,
  type SqliteSynchronous,
} from './sqlite/sqlite-event-store.adapter';
