import type { Observable } from 'rxjs';

/**
 * The event store port. Semantics follow EventStoreDB so that every adapter behaves the same
 * and one conformance suite (`conformance/`) runs against each of them.
 *
 * Positions and revisions are `bigint` inside the process (strings in JSON).
 * - A stream's revisions start at 0n and have no gaps.
 * - Global positions increase strictly in commit order. In the SQLite adapter they are
 *   1, 2, 3, … with no gaps visible to readers; in EventStoreDB they are commit positions
 *   (increasing, not contiguous). `0n` means "before the first event".
 * - `after` is exclusive everywhere: a checkpoint is the position of the last event handled.
 */

/** EventStoreDB's expected-revision vocabulary; a bigint is an exact revision. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

/** JSON-compatible value: what data and metadata may contain. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface EventToAppend {
  /** UUID chosen by the writer; re-appending the same ids after success is idempotent. */
  readonly eventId: string;
  readonly type: string;
  readonly data: Json;
  readonly metadata: Json;
}

export interface StoredEvent {
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly type: string;
  readonly data: Json;
  readonly metadata: Json;
}

export interface AppendResult {
  /** The stream's revision after the append (the revision of its last event). */
  readonly nextExpectedRevision: bigint;
  /** The global position of the last event appended. */
  readonly position: bigint;
  /** One entry per event appended (or found already appended), in order. */
  readonly events: ReadonlyArray<{ eventId: string; revision: bigint; position: bigint }>;
}

export interface AppendOptions {
  /** Default `'any'`. */
  readonly expectedRevision?: ExpectedRevision;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive start revision; default the first (forwards) or last (backwards). */
  readonly fromRevision?: bigint;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events with position > after. Default 0n (from the beginning). */
  readonly after?: bigint;
  readonly maxCount?: number;
  /**
   * Only events of these types, in position order; `maxCount` counts them (the positions between
   * are skipped, not returned). A reader that needs a few types of a long log does not decode the
   * rest (the command side's subject directory at start, ADR 0148). An empty list reads nothing.
   */
  readonly types?: readonly string[];
}

export interface SubscribeOptions {
  /** Exclusive: the subscription delivers events with position > after, catch-up then live. */
  readonly after?: bigint;
}

export interface EventStore {
  /**
   * Appends atomically. Throws `WrongExpectedRevisionError` when the expectation does not hold
   * (unless every event id is already stored in this stream in the same order, in which case it
   * returns the original result and writes nothing), and `EventIdConflictError` when a used event
   * id arrives with a different stream, type, data or metadata.
   */
  appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options?: AppendOptions,
  ): Promise<AppendResult>;

  /** Throws `StreamNotFoundError` when the stream has no events. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;

  /** The global log in commit order. Excludes system events (EventStoreDB's `$…`). */
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;

  /**
   * Catch-up then live, in order, with no gap and no duplicate at the hand-over. The observable
   * errors only when the store is closed or the subscription cannot be re-established.
   */
  subscribeToAll(options?: SubscribeOptions): Observable<StoredEvent>;

  /** The revision of the stream's last event, or undefined when the stream does not exist. */
  streamRevision(streamId: string): Promise<bigint | undefined>;

  /** The position of the last event in the global log, 0n when empty. */
  headPosition(): Promise<bigint>;

  /** One event by id, or undefined. */
  findEvent(eventId: string): Promise<StoredEvent | undefined>;

  /** Whether the backing store answers (used by /health). */
  ping(): Promise<boolean>;

  /**
   * Optional: until the answer is called, commit nothing on the event loop (the SQLite store's
   * inline lone appends, ADR 0104, go through its writer thread). For a caller about to keep the
   * disk busy for a while (a big snapshot's commit, ADR 0182): an append's fsync waiting on the disk
   * then holds that append only, not every request. Holds nest; the answer is idempotent.
   */
  commitOffTheEventLoop?(): () => void;

  close(): Promise<void>;
}

/**
 * A `StoredEvent.position` that the backing store could not tell: only EventStoreDB's `readStream`
 * reports it, on server versions that give no commit position on stream reads (ADR 0003).
 */
export const UNKNOWN_POSITION = -1n;

/** The DI token under which apps provide the configured adapter. */
export const EVENT_STORE = Symbol.for('ledger.EventStore');
