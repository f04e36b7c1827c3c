export * from './test-app';
export { InMemoryEventStore } from '@ledger/event-store/testing/in-memory-event-store';
export * from './fixtures';
