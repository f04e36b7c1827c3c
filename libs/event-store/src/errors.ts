/** Typed errors of the event store port. Adapters map their native errors onto these. */

export type ExpectedRevisionDescription = 'no_stream' | 'stream_exists' | 'any' | bigint;

export class WrongExpectedRevisionError extends Error {
  readonly code = 'EVENT_STORE.WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevisionDescription,
    /** The stream's actual last revision, or 'no_stream'. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`Wrong expected revision on ${streamId}: expected ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export class StreamNotFoundError extends Error {
  readonly code = 'EVENT_STORE.STREAM_NOT_FOUND';
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} not found`);
    this.name = 'StreamNotFoundError';
  }
}

export class EventIdConflictError extends Error {
  readonly code = 'EVENT_STORE.EVENT_ID_CONFLICT';
  constructor(readonly eventId: string) {
    super(`Event id ${eventId} is already used by a different event`);
    this.name = 'EventIdConflictError';
  }
}

export class StoreClosedError extends Error {
  readonly code = 'EVENT_STORE.CLOSED';
  constructor() {
    super('The event store is closed');
    this.name = 'StoreClosedError';
  }
}
