import type { CommonCommand } from '../common/common.commands';
import { COMMON_COMMAND_TYPES } from '../common/common.commands';
import type { CommonEvent } from '../common/common.events';
import type { LedgerEventType } from '../events';
import { SCHEMA_VERSIONS } from '../schema/event-schemas';
import { checkEventData } from '../schema/parse-recorded-event';
import { isIsoDay, isIsoInstant } from './calendar';
import type { Command, CommandMetadata, DecidedEvent } from './command';
import { DomainError } from './domain-error';
import type { EventMetadata, RecordedDomainEvent } from './envelope';
import type { SubjectType } from './terms';

/**
 * What every decider state knows about its stream besides the aggregate's own facts: which
 * events exist, which are retracted, and the events folded (retracted ones excluded). A
 * retraction re-folds the aggregate without the retracted event, so for the decider a
 * retracted event never happened (ADR 0012).
 */
export interface StreamBook {
  /** Every event id of the stream seen so far → its type (retracted events and retractions included). */
  readonly events: ReadonlyMap<string, string>;
  /** retractedEventId → the EventRetracted event's id. */
  readonly retracted: ReadonlyMap<string, string>;
  /** The events folded into `current`, in stream order; retracted ones and retractions excluded. */
  readonly applied: readonly RecordedDomainEvent[];
  /** Revision of the last event seen; undefined for a new stream. */
  readonly revision?: bigint;
}

export interface AggregateState<S> {
  /** The aggregate's own facts, a union on `status`. */
  readonly current: S;
  readonly stream: StreamBook;
}

/** emmett's decider (STYLE.md §2): pure, time and ids arrive with the command. */
export interface Decider<C extends Command = Command, E extends DecidedEvent = DecidedEvent, S = unknown> {
  readonly aggregate: SubjectType;
  /** Every command type this decider accepts (its own plus GrantException and RetractEvent). */
  readonly commandTypes: readonly string[];
  initialState(): S;
  /** Returns the events to append, or throws a `DomainError`. Never partial. */
  decide(command: C, state: S): E[];
  /** Folds one recorded event of the stream; total (never throws on a stored event). */
  evolve(state: S, event: RecordedDomainEvent): S;
}

/** The parts an aggregate supplies; `makeDecider` adds the stream book, the common commands and the checks. */
export interface AggregateDefinition<C extends Command, E extends DecidedEvent, S> {
  readonly aggregate: SubjectType;
  readonly commandTypes: readonly C['type'][];
  initial(): S;
  /** Own commands only; the common ones are handled by `makeDecider`. */
  decide(command: C, current: S): E[];
  /** Own events and ExceptionGranted; must be total: after a retraction, events may meet a state they did not meet when decided. */
  evolve(current: S, event: RecordedDomainEvent): S;
  /** The subject id once the aggregate exists (for the subject-mismatch check). */
  subjectId(current: S): string | undefined;
  /** The subject id named in a command's data. */
  commandSubjectId(command: C): string | undefined;
  /** Throws the aggregate's "not found" error when it does not exist (for GrantException). */
  assertExists(current: S): void;
}

const emptyBook: StreamBook = { events: new Map(), retracted: new Map(), applied: [] };

export function makeDecider<C extends Command, E extends DecidedEvent, S>(
  def: AggregateDefinition<C, E, S>,
): Decider<C | CommonCommand, E | CommonEvent, AggregateState<S>> {
  const own = new Set<string>(def.commandTypes);
  const refold = (applied: readonly RecordedDomainEvent[]): S => applied.reduce(def.evolve, def.initial());

  return {
    aggregate: def.aggregate,
    commandTypes: [...def.commandTypes, ...COMMON_COMMAND_TYPES],
    initialState: () => ({ current: def.initial(), stream: emptyBook }),

    decide(command, state) {
      checkCommandMetadata(command.metadata);
      let events: (E | CommonEvent)[];
      if (command.type === 'RetractEvent') {
        events = [decideRetraction((command as CommonCommand).data as { retractedEventId: string; reason: string }, state.stream)];
      } else if (command.type === 'GrantException') {
        const c = command as Extract<CommonCommand, { type: 'GrantException' }>;
        def.assertExists(state.current);
        if (c.data.until !== undefined && c.data.until < c.metadata.occurredOn) {
          throw DomainError.of('EXCEPTION_UNTIL_BEFORE_GRANT', `例外有效期早于批准日 / the exception ends (${c.data.until}) before it is granted (${c.metadata.occurredOn})`, {
            until: c.data.until,
            occurredOn: c.metadata.occurredOn,
          });
        }
        events = [{ type: 'ExceptionGranted', data: c.data }];
      } else if (own.has(command.type)) {
        const c = command as C;
        const existing = def.subjectId(state.current);
        const named = def.commandSubjectId(c);
        if (existing !== undefined && named !== undefined && existing !== named) {
          throw DomainError.of('COMMAND_SUBJECT_MISMATCH', `命令对象与事件流不符 / the command names ${def.aggregate} ${named} but the stream is ${existing}`, {
            streamSubjectId: existing,
            commandSubjectId: named,
          });
        }
        events = def.decide(c, state.current);
      } else {
        throw DomainError.of('COMMAND_NOT_FOR_AGGREGATE', `该命令不适用于${def.aggregate} / ${command.type} is not a ${def.aggregate} command`, {
          commandType: command.type,
          aggregate: def.aggregate,
        });
      }
      return events.map((e) => {
        const data = withoutUndefined(e.data);
        const issues = checkEventData(e.type, data);
        if (issues.length > 0) {
          throw DomainError.of('COMMAND_INVALID_DATA', `数据不合格式 / invalid ${e.type} data: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, {
            eventType: e.type,
            issues,
          });
        }
        return { type: e.type, data } as E | CommonEvent;
      });
    },

    evolve(state, event) {
      const book = state.stream;
      if (book.events.has(event.eventId)) return state; // already folded (idempotent re-delivery)
      const events = new Map(book.events).set(event.eventId, event.type);
      const revision = event.revision;
      if (event.type === 'EventRetracted') {
        const retractedId = (event.data as { retractedEventId: string }).retractedEventId;
        const retracted = new Map(book.retracted).set(retractedId, event.eventId);
        const applied = book.applied.filter((e) => e.eventId !== retractedId);
        const current = applied.length === book.applied.length ? state.current : refold(applied);
        return { current, stream: { events, retracted, applied, revision } };
      }
      if (book.retracted.has(event.eventId)) return { current: state.current, stream: { ...book, events, revision } };
      return {
        current: def.evolve(state.current, event),
        stream: { events, retracted: book.retracted, applied: [...book.applied, event], revision },
      };
    },
  };
}

function decideRetraction(data: { retractedEventId: string; reason: string }, book: StreamBook): CommonEvent {
  const type = book.events.get(data.retractedEventId);
  if (type === undefined) {
    throw DomainError.of('EVENT_NOT_FOUND', `该事件流中没有此事件 / no event ${data.retractedEventId} in this stream`, { eventId: data.retractedEventId });
  }
  if (book.retracted.has(data.retractedEventId)) {
    throw DomainError.of('EVENT_ALREADY_RETRACTED', `该事件已被撤回 / event ${data.retractedEventId} is already retracted`, {
      eventId: data.retractedEventId,
      retractedBy: book.retracted.get(data.retractedEventId),
    });
  }
  if (type === 'EventRetracted') {
    throw DomainError.of('EVENT_NOT_RETRACTABLE', `撤回记录不能再被撤回，请重新登记原事件 / a retraction cannot be retracted; record the fact again instead`, {
      eventId: data.retractedEventId,
    });
  }
  return { type: 'EventRetracted', data };
}

function checkCommandMetadata(m: CommandMetadata): void {
  const issues: string[] = [];
  if (!isIsoInstant(m?.now)) issues.push('now must be an ISO instant in UTC');
  if (!isIsoDay(m?.occurredOn)) issues.push('occurredOn must be an ISO day that exists');
  if (!m?.actor || typeof m.actor.id !== 'string' || typeof m.actor.role !== 'string') issues.push('actor must have an id and a role');
  if (typeof m?.correlationId !== 'string' || m.correlationId.length === 0) issues.push('correlationId is required');
  if (issues.length > 0) {
    throw DomainError.of('COMMAND_INVALID_METADATA', `命令元数据无效 / invalid command metadata: ${issues.join('; ')}`, { issues });
  }
}

/** JSON has no `undefined`: drop such keys so the stored data, and its hash, is canonical. */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = withoutUndefined(v);
    return out as T;
  }
  return value;
}

/** Folds a stream's recorded events (in revision order) into the decider's state. */
export function foldStream<S>(decider: Decider<never, DecidedEvent, S>, recordedEvents: readonly RecordedDomainEvent[]): S {
  return recordedEvents.reduce((s, e) => decider.evolve(s, e), decider.initialState());
}

/** Fold the stream, then decide: the command handler's whole domain step. */
export function decideForStream<C extends Command, E extends DecidedEvent, S>(
  decider: Decider<C, E, S>,
  recordedEvents: readonly RecordedDomainEvent[],
  command: C,
): E[] {
  return decider.decide(command, foldStream(decider as unknown as Decider<never, DecidedEvent, S>, recordedEvents));
}

export interface EventToAppendFromDomain {
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

/**
 * Decided events + the command's metadata + ids chosen by the caller → what the store appends.
 * `recordedAt` is `metadata.now`; `schemaVersion` is the type's current version.
 */
export function buildEventsToAppend(
  events: readonly DecidedEvent[],
  metadata: CommandMetadata,
  eventIds: readonly string[],
): EventToAppendFromDomain[] {
  if (eventIds.length < events.length) {
    throw new RangeError(`buildEventsToAppend: ${events.length} events but only ${eventIds.length} event ids`);
  }
  return events.map((e, i) => ({
    eventId: eventIds[i],
    type: e.type,
    data: withoutUndefined(e.data),
    metadata: withoutUndefined({
      schemaVersion: SCHEMA_VERSIONS[e.type as LedgerEventType] ?? 1,
      occurredOn: metadata.occurredOn,
      recordedAt: metadata.now,
      actor: metadata.actor,
      correlationId: metadata.correlationId,
      causationId: metadata.causationId,
      idempotencyKey: metadata.idempotencyKey,
    }),
  }));
}
