import { Observable, Subject } from 'rxjs';
import { EventIdConflictError, StreamNotFoundError, WrongExpectedRevisionError } from '../errors';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  SubscribeOptions,
} from '../event-store.port';

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The in-memory EventStore the specs run on (the read side's and the API's): positions 1, 2, 3, …,
 * nothing kept on disk. It keeps the port's contract, idempotent replays included: the
 * conformance suite runs on it as on the real adapters (in-memory-event-store.conformance.spec.ts).
 */
export class InMemoryEventStore implements EventStore {
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly byId = new Map<string, StoredEvent>();
  private readonly live = new Subject<StoredEvent>();
  /** The `after` of each readAll call (for specs that check resume points). */
  readAllCalls: bigint[] = [];

  /** Every event, in position order (event i at index i - 1). */
  get events(): readonly StoredEvent[] {
    return this.log;
  }

  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    return this.appendSync(streamId, events, options);
  }

  /** appendToStream, answered at once (for specs that build a log in a loop). */
  appendSync(streamId: string, events: readonly EventToAppend[], options: AppendOptions = {}): AppendResult {
    const stream = this.streams.get(streamId) ?? [];
    const existing = events.map((e) => this.byId.get(e.eventId));
    if (events.length > 0 && existing.every((e) => e !== undefined)) {
      // A replay (every id used, in this stream, at consecutive revisions, with the same payload)
      // answers the original result; any other use of a used id is a conflict.
      const same = existing.every(
        (e, i) =>
          e!.streamId === streamId &&
          (i === 0 || e!.revision === existing[i - 1]!.revision + 1n) &&
          e!.type === events[i].type &&
          sameJson(e!.data, events[i].data) &&
          sameJson(e!.metadata, events[i].metadata),
      );
      if (!same) throw new EventIdConflictError(events[0].eventId);
      const last = existing[existing.length - 1]!;
      return {
        nextExpectedRevision: last.revision,
        position: last.position,
        events: existing.map((e) => ({ eventId: e!.eventId, revision: e!.revision, position: e!.position })),
      };
    }
    const conflict = existing.find((e) => e !== undefined);
    if (conflict) throw new EventIdConflictError(conflict.eventId);
    const ids = new Set<string>();
    for (const e of events) {
      if (ids.has(e.eventId)) throw new EventIdConflictError(e.eventId); // two events of this request share an id
      ids.add(e.eventId);
    }
    const actual = stream.length === 0 ? 'no_stream' : BigInt(stream.length - 1);
    const expected = options.expectedRevision ?? 'any';
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && actual === 'no_stream') ||
      (expected === 'stream_exists' && actual !== 'no_stream') ||
      (typeof expected === 'bigint' && actual === expected);
    if (!ok) throw new WrongExpectedRevisionError(streamId, expected, actual);
    const written = events.map((e, i): StoredEvent => ({
      ...e,
      streamId,
      revision: BigInt(stream.length + i),
      position: BigInt(this.log.length + i + 1),
    }));
    for (const e of written) {
      stream.push(e);
      this.log.push(e);
      this.byId.set(e.eventId, e);
    }
    this.streams.set(streamId, stream);
    for (const e of written) this.live.next(e);
    const last = written[written.length - 1];
    return {
      nextExpectedRevision: last ? last.revision : BigInt(stream.length - 1),
      position: last ? last.position : BigInt(this.log.length),
      events: written.map((e) => ({ eventId: e.eventId, revision: e.revision, position: e.position })),
    };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const stream = this.streams.get(streamId);
    if (!stream || stream.length === 0) throw new StreamNotFoundError(streamId);
    let out = options.direction === 'backwards' ? [...stream].reverse() : [...stream];
    if (options.fromRevision !== undefined) {
      const from = options.fromRevision;
      out = out.filter((e) => (options.direction === 'backwards' ? e.revision <= from : e.revision >= from));
    }
    return options.maxCount !== undefined ? out.slice(0, options.maxCount) : out;
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const after = options.after ?? 0n;
    this.readAllCalls.push(after);
    // Positions are 1, 2, 3, …: the events after `after` start at index `after`.
    const from = Number(after < 0n ? 0n : after);
    const max = options.maxCount;
    if (options.types === undefined) return this.log.slice(from, max !== undefined ? from + max : undefined);
    const types = new Set(options.types);
    const out: StoredEvent[] = [];
    for (let i = from; i < this.log.length && (max === undefined || out.length < max); i++) {
      if (types.has(this.log[i].type)) out.push(this.log[i]);
    }
    return out;
  }

  subscribeToAll(options: SubscribeOptions = {}): Observable<StoredEvent> {
    return new Observable<StoredEvent>((subscriber) => {
      let last = options.after ?? 0n;
      const sub = this.live.subscribe((e) => {
        if (e.position > last) {
          last = e.position;
          subscriber.next(e);
        }
      });
      for (const e of this.log.slice(Number(last < 0n ? 0n : last))) {
        if (subscriber.closed) break;
        last = e.position;
        subscriber.next(e);
      }
      return () => sub.unsubscribe();
    });
  }

  async streamRevision(streamId: string): Promise<bigint | undefined> {
    const stream = this.streams.get(streamId);
    return stream && stream.length > 0 ? BigInt(stream.length - 1) : undefined;
  }

  async headPosition(): Promise<bigint> {
    return BigInt(this.log.length);
  }

  async findEvent(eventId: string): Promise<StoredEvent | undefined> {
    return this.byId.get(eventId);
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.live.complete();
  }
}
