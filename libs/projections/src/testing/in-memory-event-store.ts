import { Observable, Subject } from 'rxjs';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  SubscribeOptions,
} from '@ledger/event-store';
import { StreamNotFoundError, WrongExpectedRevisionError } from '@ledger/event-store';

/**
 * A minimal in-memory store for the read side's specs (positions 1, 2, 3, …). Not a conformant
 * adapter: no idempotency checks beyond the expected revision, no persistence.
 */
export class InMemoryEventStore implements EventStore {
  readonly events: StoredEvent[] = [];
  private readonly live = new Subject<StoredEvent>();
  /** Counts readAll calls (for specs that check resume points). */
  readAllCalls: Array<bigint> = [];

  async appendToStream(streamId: string, events: readonly EventToAppend[], options?: AppendOptions): Promise<AppendResult> {
    return this.appendSync(streamId, events, options);
  }

  appendSync(streamId: string, events: readonly EventToAppend[], options?: AppendOptions): AppendResult {
    const current = this.revisionOf(streamId);
    const expected = options?.expectedRevision ?? 'any';
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && current === undefined) ||
      (expected === 'stream_exists' && current !== undefined) ||
      (typeof expected === 'bigint' && current === expected);
    if (!ok) throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
    let revision = current ?? -1n;
    const out: Array<{ eventId: string; revision: bigint; position: bigint }> = [];
    for (const e of events) {
      revision += 1n;
      const stored: StoredEvent = { ...e, streamId, revision, position: BigInt(this.events.length + 1) };
      this.events.push(stored);
      out.push({ eventId: e.eventId, revision, position: stored.position });
    }
    for (const e of this.events.slice(this.events.length - events.length)) this.live.next(e);
    return { nextExpectedRevision: revision, position: BigInt(this.events.length), events: out };
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    let list = this.events.filter((e) => e.streamId === streamId);
    if (list.length === 0) throw new StreamNotFoundError(streamId);
    if (options?.direction === 'backwards') list = list.reverse();
    if (options?.fromRevision !== undefined) {
      const from = options.fromRevision;
      list = list.filter((e) => (options.direction === 'backwards' ? e.revision <= from : e.revision >= from));
    }
    return options?.maxCount !== undefined ? list.slice(0, options.maxCount) : list;
  }

  async readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    const after = options?.after ?? 0n;
    this.readAllCalls.push(after);
    const from = Number(after);
    if (options?.types !== undefined) {
      const types = new Set(options.types);
      const typed = this.events.slice(from).filter((e) => types.has(e.type));
      return options.maxCount !== undefined ? typed.slice(0, options.maxCount) : typed;
    }
    return this.events.slice(from, options?.maxCount !== undefined ? from + options.maxCount : undefined);
  }

  subscribeToAll(options?: SubscribeOptions): Observable<StoredEvent> {
    return new Observable<StoredEvent>((subscriber) => {
      let last = options?.after ?? 0n;
      const sub = this.live.subscribe((e) => {
        if (e.position > last) {
          last = e.position;
          subscriber.next(e);
        }
      });
      for (const e of this.events.slice(Number(last))) {
        last = e.position;
        subscriber.next(e);
      }
      return () => sub.unsubscribe();
    });
  }

  async streamRevision(streamId: string): Promise<bigint | undefined> {
    return this.revisionOf(streamId);
  }

  async headPosition(): Promise<bigint> {
    return BigInt(this.events.length);
  }

  async findEvent(eventId: string): Promise<StoredEvent | undefined> {
    return this.events.find((e) => e.eventId === eventId);
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.live.complete();
  }

  private revisionOf(streamId: string): bigint | undefined {
    let rev: bigint | undefined;
    for (const e of this.events) if (e.streamId === streamId) rev = e.revision;
    return rev;
  }
}
