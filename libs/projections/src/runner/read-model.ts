import type { Finding, IsoDay, RecordedDomainEvent, SubjectRef } from '@ledger/domain';

/** A finding that opened or closed because of one event (pushed on the live stream). */
export interface FindingChange {
  readonly change: 'opened' | 'closed';
  readonly finding: Finding;
  /** The event whose application caused the change. */
  readonly eventId: string;
  readonly position: bigint;
}

/**
 * What a read model may see besides the event: the day "today" (compliance is cached for
 * asOf = today) and a sink for finding changes. Both are fixed for one apply call so that a
 * rebuild run on the same day gives exactly the incremental state.
 */
export interface ApplyContext {
  readonly today: IsoDay;
  /** Other models' states, read-only, for models that derive from the ledger view. */
  readonly stateOf: <S>(name: string) => S;
  emitFindings(changes: readonly FindingChange[]): void;
  /** Changes emitted so far for the current event (models run in declaration order). */
  readonly emitted: readonly FindingChange[];
  /** True while following the live subscription (false during catch-up and rebuild). */
  readonly live: boolean;
}

/**
 * A read model: a fold `(state, event) → state` with a version. Changing `version` makes the
 * runner rebuild it from position 0 on the next start. `apply` may mutate and return the same
 * state object (a million-event replay cannot afford copies); it must not do I/O.
 */
export interface ReadModel<S = unknown> {
  readonly name: string;
  readonly version: number;
  initialState(): S;
  apply(state: S, event: RecordedDomainEvent, ctx: ApplyContext): S;
  /** JSON text of the state (for snapshots); `deserialize(serialize(s))` must fold on like `s`. */
  serialize(state: S): string;
  deserialize(text: string): S;
  /**
   * Optional chunked snapshot for big states (see snapshot-parts.ts): when present the runner
   * stores these parts (header first) instead of `serialize`, and restores with `restoreParts`.
   */
  snapshotParts?(state: S): Iterable<string>;
  /**
   * `snapshotParts` for a state whose parts can be cut while the fold goes on (ADR 0179): the
   * parts of the state as it is on this call, still right when events are applied, a new day begins
   * or the models settle between two of them (e.g. a state that only grows, its parts filtered by
   * position). A live snapshot cuts these last and resumes the fold before it does, instead of
   * pausing it until every part is cut. The runner ends the parts with `return()` when it gives a
   * save up before their end, even before their first part: a model may keep something for the cut
   * and release it then (`releasing` of snapshot-parts.ts; ADR 0181).
   */
  snapshotPartsWhileFolding?(state: S): IterableIterator<string>;
  /**
   * Restores a chunked snapshot step by step: yields after each part and returns the state, so
   * that the runner restores a big state in slices of the event loop (ADR 0146; `restoringParts`
   * of snapshot-parts.ts does the work).
   */
  restoreParts?(parts: Iterable<string>): Generator<void, S, undefined>;
  /** Called when "today" moved on since the last event (e.g. a day boundary); default: nothing. */
  onNewDay?(state: S, ctx: ApplyContext): S;
  /**
   * Finishes work a model deferred during catch-up (e.g. compliance of subjects marked dirty);
   * called after catch-up and before queries read the state. Default: nothing.
   */
  settle?(state: S, ctx: ApplyContext): S;
  /**
   * `settle` as steps, when it is long (e.g. the whole city's compliance on a new day): the runner
   * runs them a slice of the event loop at a time with the fold paused, the view unchanged until
   * the last step, which answers the settled state (ADR 0159). Undefined when `settle` is quick
   * enough for one turn (the runner calls it instead). A query between two steps sees a state
   * that is whole but not yet settled.
   */
  settling?(state: S, ctx: ApplyContext): Generator<void, S, undefined> | undefined;
}

export type SubjectKey = `${SubjectRef['type']}:${string}`;
export const subjectKey = (s: SubjectRef): SubjectKey => `${s.type}:${s.id}`;

/** Runs steps (a settle, a restore, a read) to their end on this turn. */
export function drain<T>(steps: Generator<void, T, undefined>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}
