import type { Actor, IsoDay, IsoInstant } from './terms';

/**
 * What arrives with every command: time and identity come in, the domain reads no clock
 * (STYLE.md §1). `now` becomes the event's `recordedAt`.
 */
export interface CommandMetadata {
  /** Transaction time: the server clock when the command was accepted. */
  readonly now: IsoInstant;
  /** Valid time: the day the fact took effect, supplied by the recorder. */
  readonly occurredOn: IsoDay;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId?: string;
  readonly idempotencyKey?: string;
}

export interface Command<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
}

/** An event as a decider returns it: type and data only; ids and metadata are added on append. */
export interface DecidedEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}
