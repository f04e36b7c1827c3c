import { Observable, Subject } from 'rxjs';
import {
  EventIdConflictError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type SubscribeOptions,
} from '@ledger/event-store';

/** A minimal in-process EventStore for API tests that do not need durability. */
export class InMemoryEventStore implements EventStore {
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly byId = new Map<string, StoredEvent>();
  private readonly live = new Subject<StoredEvent>();

  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const stream = this.streams.get(streamId) ?? [];
    const existing = events.map((e) => this.byId.get(e.eventId));
    if (events.length > 0 && existing.every((e) => e !== undefined)) {
      const same = existing.every(
        (e, i) =>
          e!.streamId === streamId &&
          e!.type === events[i].type &&
          JSON.stringify(e!.data) === JSON.stringify(events[i].data) &&
          JSON.stringify(e!.metadata) === JSON.stringify(events[i].metadata),
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
    const actual = stream.length === 0 ? 'no_stream' : BigInt(stream.length - 1);
    const expected = options.expectedRevision ?? 'any';
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && actual === 'no_stream') ||
      (expected === 'stream_exists' && actual !== 'no_stream') ||
      (typeof expected === 'bigint' && actual === expected);
    if (!ok) throw new WrongExpectedRevisionError(streamId, expected, actual);
    const written = events.map((e, i) => {
      const stored: StoredEvent = {
        ...e,
        streamId,
        revision: BigInt(stream.length + i),
        position: BigInt(this.log.length + i + 1),
      };
      return stored;
    });
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
    const types = options.types === undefined ? undefined : new Set(options.types);
    const out = this.log.filter((e) => e.position > (options.after ?? 0n) && (!types || types.has(e.type)));
    return options.maxCount !== undefined ? out.slice(0, options.maxCount) : out;
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
      for (const e of this.log) {
        if (e.position > last) {
          last = e.position;
          subscriber.next(e);
        }
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
