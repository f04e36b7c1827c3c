import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError as EsdbStreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type CurrentRevision,
  type JSONType,
  type ReadPosition,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { Observable } from 'rxjs';
import {
  EventIdConflictError,
  StoreClosedError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../errors';
import { UNKNOWN_POSITION } from '../event-store.port';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  Json,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  SubscribeOptions,
} from '../event-store.port';

/** Our expected revision → the client's (both ways: `fromEsdbExpected` maps the error's back). */
export function toEsdbExpected(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return expected;
  }
}

export function fromEsdbExpected(expected: AppendExpectedRevision): ExpectedRevision {
  if (expected === NO_STREAM) return 'no_stream';
  if (expected === STREAM_EXISTS) return 'stream_exists';
  if (expected === ANY) return 'any';
  return expected;
}

export function fromEsdbActual(actual: CurrentRevision): bigint | 'no_stream' {
  return actual === NO_STREAM ? 'no_stream' : actual;
}

/** Maps a client WrongExpectedVersionError onto the port's error. */
export function toWrongExpectedRevision(
  err: WrongExpectedVersionError,
  streamId: string,
  expected: ExpectedRevision,
): WrongExpectedRevisionError {
  const actual = err.actualVersion === undefined ? 'no_stream' : fromEsdbActual(err.actualVersion);
  const reported = err.expectedVersion === undefined ? expected : fromEsdbExpected(err.expectedVersion);
  return new WrongExpectedRevisionError(err.streamName ?? streamId, reported, actual);
}

/** System streams and events (`$…`) are not part of our global log. */
export function isSystemEvent(e: { streamId: string; type: string }): boolean {
  return e.streamId.startsWith('$') || e.type.startsWith('$');
}

/** uint64 max: what the server sends when it does not know an event's commit position. */
const NO_POSITION = 2n ** 64n - 1n;

export function commitPositionOf(resolved: ResolvedEvent | AllStreamResolvedEvent): bigint | undefined {
  const commit = resolved.event?.position?.commit ?? resolved.commitPosition;
  return commit === undefined || commit === NO_POSITION || commit < 0n ? undefined : commit;
}

export function toStoredEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): StoredEvent | undefined {
  const e = resolved.event;
  if (!e || !e.isJson) return undefined;
  return {
    eventId: e.id,
    streamId: e.streamId,
    revision: e.revision,
    position: commitPositionOf(resolved) ?? UNKNOWN_POSITION,
    type: e.type,
    data: e.data as Json,
    metadata: (e.metadata ?? null) as Json,
  };
}

/** A position to resume after: the client wants a full {commit, prepare} pair. */
function readPositionAfter(after: bigint): ReadPosition {
  return after <= 0n ? START : { commit: after, prepare: after };
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a))
    return a.length === (b as unknown[]).length && a.every((v, i) => sameJson(v, (b as unknown[])[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every(
      (k) =>
        Object.prototype.hasOwnProperty.call(b, k) &&
        sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}

export interface EventStoreDbOptions {
  /** First resubscription delay after a dropped subscription; doubles up to `maxBackoffMs`. */
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Consecutive failed resubscriptions before the observable errors. */
  readonly maxRetries?: number;
}

/**
 * The EventStoreDB / KurrentDB adapter (ADR 0003). Positions are the events' commit positions.
 * `findEvent` scans `$all` (O(log size)); the API calls it only on idempotent retries.
 */
export class EventStoreDbEventStore implements EventStore {
  private closed = false;
  private readonly subscriptions = new Set<AllStreamSubscription>();

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: EventStoreDbOptions = {},
  ) {}

  static async connect(url: string, options?: EventStoreDbOptions): Promise<EventStoreDbEventStore> {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(url), options);
  }

  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    this.assertOpen();
    const expected = options?.expectedRevision ?? 'any';
    const data = events.map((e) =>
      jsonEvent({ id: e.eventId, type: e.type, data: e.data as JSONType, metadata: e.metadata as JSONType }),
    );
    let nextExpectedRevision: bigint;
    let position: bigint | undefined;
    try {
      const r = await this.client.appendToStream(streamId, data, {
        expectedRevision: toEsdbExpected(expected),
      });
      nextExpectedRevision = r.nextExpectedRevision;
      position = r.position?.commit;
    } catch (err) {
      if (err instanceof WrongExpectedVersionError) {
        // The port's idempotency rule holds regardless of the expectation: a replay answers the original.
        const replay = events.length > 0 ? await this.findReplay(streamId, events) : undefined;
        if (replay) return replay;
        throw toWrongExpectedRevision(err, streamId, expected);
      }
      throw err;
    }
    if (events.length === 0)
      return { nextExpectedRevision, position: position ?? (await this.headPosition()), events: [] };
    // Read the appended events back: per-event positions, and a check that an idempotent hit
    // (EventStoreDB answers success for known ids without writing) carried the same content.
    const first = nextExpectedRevision - BigInt(events.length) + 1n;
    const written = await this.readStream(streamId, {
      fromRevision: first < 0n ? 0n : first,
      maxCount: events.length,
    });
    if (written.length === events.length && written.every((w, i) => w.eventId === events[i].eventId)) {
      written.forEach((w, i) => this.assertSameContent(w, events[i]));
      return resultOf(await this.withPositions(written, position));
    }
    const replay = await this.findReplay(streamId, events);
    if (replay) return replay;
    throw new EventIdConflictError(events[0].eventId);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    this.assertOpen();
    const backwards = options?.direction === 'backwards';
    const out: StoredEvent[] = [];
    try {
      // StreamNotFoundError is raised while iterating, not by readStream() itself.
      for await (const resolved of this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options?.fromRevision ?? (backwards ? END : START),
        ...(options?.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
      })) {
        const e = toStoredEvent(resolved);
        if (e) out.push(e);
      }
    } catch (err) {
      if (err instanceof EsdbStreamNotFoundError) throw new StreamNotFoundError(streamId);
      throw err;
    }
    return out;
  }

  async readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    this.assertOpen();
    const after = options?.after ?? 0n;
    const max = options?.maxCount ?? Number.POSITIVE_INFINITY;
    // The client's readAll takes no filter (its subscriptions do): the other types are skipped here.
    const types = options?.types === undefined ? undefined : new Set(options.types);
    const out: StoredEvent[] = [];
    if (max <= 0 || types?.size === 0) return out;
    const read = this.client.readAll({ fromPosition: readPositionAfter(after), direction: FORWARDS });
    for await (const resolved of read) {
      const e = toStoredEvent(resolved);
      if (!e || isSystemEvent(e) || e.position === UNKNOWN_POSITION || e.position <= after) continue;
      if (types && !types.has(e.type)) continue;
      out.push(e);
      if (out.length >= max) break;
    }
    return out;
  }

  subscribeToAll(options?: SubscribeOptions): Observable<StoredEvent> {
    return new Observable<StoredEvent>((subscriber) => {
      let last = options?.after ?? 0n;
      let stopped = false;
      let attempt = 0;
      let current: AllStreamSubscription | undefined;
      let timer: NodeJS.Timeout | undefined;
      const initial = this.options.initialBackoffMs ?? 100;
      const maxDelay = this.options.maxBackoffMs ?? 5_000;
      const maxRetries = this.options.maxRetries ?? 10;

      const start = (): void => {
        if (stopped) return;
        if (this.closed) {
          subscriber.error(new StoreClosedError());
          return;
        }
        // The server does catch-up then live on one subscription: no hand-over gap on our side.
        const sub = this.client.subscribeToAll({
          fromPosition: readPositionAfter(last),
          filter: excludeSystemEvents(),
        });
        current = sub;
        this.subscriptions.add(sub);
        sub.on('data', (resolved: AllStreamResolvedEvent) => {
          if (stopped) return;
          const e = toStoredEvent(resolved);
          if (!e || isSystemEvent(e) || e.position === UNKNOWN_POSITION || e.position <= last) return; // a resubscription may repeat `last`
          attempt = 0;
          last = e.position;
          subscriber.next(e);
        });
        sub.on('error', (err: Error) => dropped(sub, err));
        sub.on('end', () => dropped(sub, new Error('subscription ended')));
      };

      const dropped = (sub: AllStreamSubscription, err: Error): void => {
        this.subscriptions.delete(sub);
        if (stopped || current !== sub) return;
        current = undefined;
        if (this.closed) {
          subscriber.error(new StoreClosedError());
          return;
        }
        if (attempt >= maxRetries) {
          subscriber.error(err);
          return;
        }
        const delay = Math.min(maxDelay, initial * 2 ** attempt);
        attempt += 1;
        timer = setTimeout(start, delay);
      };

      start();
      return () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        if (current) {
          this.subscriptions.delete(current);
          void current.unsubscribe().catch(() => undefined);
        }
      };
    });
  }

  async streamRevision(streamId: string): Promise<bigint | undefined> {
    try {
      const [last] = await this.readStream(streamId, { direction: 'backwards', maxCount: 1 });
      return last?.revision;
    } catch (err) {
      if (err instanceof StreamNotFoundError) return undefined;
      throw err;
    }
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    for await (const resolved of this.client.readAll({ fromPosition: END, direction: BACKWARDS })) {
      const e = toStoredEvent(resolved);
      if (e && !isSystemEvent(e) && e.position !== UNKNOWN_POSITION) return e.position;
    }
    return 0n;
  }

  /** Scans `$all` from the start: O(log size). Fine for idempotent retries; not for hot paths. */
  async findEvent(eventId: string): Promise<StoredEvent | undefined> {
    this.assertOpen();
    for await (const resolved of this.client.readAll({ fromPosition: START, direction: FORWARDS })) {
      const e = toStoredEvent(resolved);
      if (e && e.eventId === eventId && !isSystemEvent(e)) return e;
    }
    return undefined;
  }

  async ping(): Promise<boolean> {
    if (this.closed) return false;
    try {
      for await (const _ of this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }))
        break;
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.subscriptions) await s.unsubscribe().catch(() => undefined);
    this.subscriptions.clear();
    await this.client.dispose();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }

  private assertSameContent(stored: StoredEvent, e: EventToAppend): void {
    if (stored.type !== e.type || !sameJson(stored.data, e.data) || !sameJson(stored.metadata, e.metadata)) {
      throw new EventIdConflictError(e.eventId);
    }
  }

  /** Whether these ids are already in the stream, consecutively and in order: then the original result. */
  private async findReplay(
    streamId: string,
    events: readonly EventToAppend[],
  ): Promise<AppendResult | undefined> {
    let stored: StoredEvent[];
    try {
      stored = await this.readStream(streamId);
    } catch (err) {
      if (err instanceof StreamNotFoundError) return undefined;
      throw err;
    }
    const start = stored.findIndex((s) => s.eventId === events[0].eventId);
    if (start < 0) return undefined;
    const slice = stored.slice(start, start + events.length);
    if (slice.length !== events.length || slice.some((s, i) => s.eventId !== events[i].eventId))
      throw new EventIdConflictError(events[0].eventId);
    slice.forEach((s, i) => this.assertSameContent(s, events[i]));
    return resultOf(await this.withPositions(slice, undefined));
  }

  /**
   * Fills positions that a stream read did not carry: a single fresh event takes the append's
   * commit position; otherwise the recent end of `$all` is scanned (up to 2,000 events), then, for
   * an old replay, `findEvent` (a full scan; replays of old requests are rare).
   */
  private async withPositions(stored: StoredEvent[], lastCommit: bigint | undefined): Promise<StoredEvent[]> {
    if (stored.every((s) => s.position !== UNKNOWN_POSITION)) return stored;
    if (stored.length === 1 && lastCommit !== undefined) return [{ ...stored[0], position: lastCommit }];
    const wanted = new Map(
      stored.filter((s) => s.position === UNKNOWN_POSITION).map((s) => [s.eventId, UNKNOWN_POSITION]),
    );
    let missing = wanted.size;
    for await (const resolved of this.client.readAll({
      fromPosition: END,
      direction: BACKWARDS,
      maxCount: 2_000,
    })) {
      const id = resolved.event?.id;
      const commit = commitPositionOf(resolved);
      if (id !== undefined && commit !== undefined && wanted.get(id) === UNKNOWN_POSITION) {
        wanted.set(id, commit);
        if (--missing === 0) break;
      }
    }
    for (const [id, pos] of wanted) {
      if (pos === UNKNOWN_POSITION)
        wanted.set(id, (await this.findEvent(id))?.position ?? lastCommit ?? UNKNOWN_POSITION);
    }
    return stored.map((s) =>
      s.position === UNKNOWN_POSITION ? { ...s, position: wanted.get(s.eventId) ?? UNKNOWN_POSITION } : s,
    );
  }
}

function resultOf(stored: StoredEvent[]): AppendResult {
  const last = stored[stored.length - 1];
  return {
    nextExpectedRevision: last.revision,
    position: last.position,
    events: stored.map((s) => ({ eventId: s.eventId, revision: s.revision, position: s.position })),
  };
}
