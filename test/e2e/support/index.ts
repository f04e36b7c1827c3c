export * from './test-app';
export * from './in-memory-event-store';
export * from './fixtures';
