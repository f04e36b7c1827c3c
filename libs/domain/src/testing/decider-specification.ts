import type { Command, CommandMetadata, DecidedEvent } from '../shared/command';
import type { Decider } from '../shared/decider';
import { foldStream } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import type { EventMetadata, RecordedDomainEvent } from '../shared/envelope';
import type { IsoDay } from '../shared/terms';

/**
 * emmett's given/when/then for deciders (STYLE.md §8):
 *
 *   DeciderSpecification.for(cooperationDecider)
 *     .given([proposed, admitted])
 *     .when({ type: 'AdmitPartner', data: { cooperationId: 'c1' } })
 *     .thenThrows('COOPERATION.ALREADY_ADMITTED');
 *
 * Given events may be recorded events or plain `{ type, data }` (optionally with `eventId` and
 * `occurredOn`); commands may omit metadata (defaults: occurredOn 2021-06-01, now = that day 08:00Z).
 * Assertions use Jest's `expect` when it is there (nice diffs), else throw an Error.
 */
export interface GivenEvent {
  readonly type: string;
  readonly data: unknown;
  readonly eventId?: string;
  readonly occurredOn?: IsoDay;
}

export interface WhenCommand {
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: Partial<CommandMetadata>;
}

export const SPEC_DAY: IsoDay = '2021-06-01';

export function commandMetadata(overrides: Partial<CommandMetadata> = {}): CommandMetadata {
  const occurredOn = overrides.occurredOn ?? SPEC_DAY;
  return {
    now: `${occurredOn}T08:00:00.000Z`,
    actor: { id: 'recorder-city', role: 'recorder', jurisdiction: 'city' },
    correlationId: 'spec',
    ...overrides,
    occurredOn,
  };
}

/** Plain events → recorded events of one stream: ids `given-1`, `given-2`, … unless given. */
export function givenStream(events: readonly (GivenEvent | RecordedDomainEvent)[], streamId = 'spec-stream'): RecordedDomainEvent[] {
  return events.map((e, i) => {
    if ('metadata' in e && 'position' in e) return e;
    const g = e as GivenEvent;
    const metadata: EventMetadata = {
      schemaVersion: 1,
      occurredOn: g.occurredOn ?? SPEC_DAY,
      recordedAt: `${g.occurredOn ?? SPEC_DAY}T08:00:00.000Z`,
      actor: { id: 'recorder-city', role: 'recorder', jurisdiction: 'city' },
      correlationId: 'spec',
    };
    return { eventId: g.eventId ?? `given-${i + 1}`, streamId, revision: BigInt(i), position: BigInt(i + 1), type: g.type, data: g.data, metadata };
  });
}

type Expect = (actual: unknown) => { toEqual(expected: unknown): void };

function assertEqual(actual: unknown, expected: unknown, what: string): void {
  const jestExpect = (globalThis as { expect?: Expect }).expect;
  if (jestExpect) return jestExpect(actual).toEqual(expected);
  const a = JSON.stringify(actual);
  const b = JSON.stringify(expected);
  if (a !== b) throw new Error(`${what}: expected ${b}, got ${a}`);
}

export interface DeciderThen {
  /** The decided events equal `expected` (type and data). */
  then(expected: readonly DecidedEvent[]): void;
  /** The decider refuses with this stable code (and, if given, this kind). */
  thenThrows(code: string, kind?: DomainError['kind']): DomainError;
}

export const DeciderSpecification = {
  for<C extends Command, E extends DecidedEvent, S>(decider: Decider<C, E, S>) {
    return {
      given(events: readonly (GivenEvent | RecordedDomainEvent)[] = []) {
        const state = foldStream(decider as unknown as Decider<never, DecidedEvent, S>, givenStream(events));
        return {
          when(command: WhenCommand): DeciderThen {
            const full = { type: command.type, data: command.data, metadata: commandMetadata(command.metadata) } as unknown as C;
            const run = () => decider.decide(full, state);
            return {
              then(expected) {
                assertEqual(run(), expected, `${command.type}`);
              },
              thenThrows(code, kind) {
                let decided: E[];
                try {
                  decided = run();
                } catch (err) {
                  if (!(err instanceof DomainError)) throw err;
                  assertEqual({ code: err.code, ...(kind ? { kind: err.kind } : {}) }, { code, ...(kind ? { kind } : {}) }, `${command.type} refusal`);
                  return err;
                }
                throw new Error(`${command.type}: expected a refusal with ${code}, but it decided ${JSON.stringify(decided)}`);
              },
            };
          },
        };
      },
    };
  },
};
