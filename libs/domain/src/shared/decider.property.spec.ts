import fc from 'fast-check';
import { cooperationDecider } from '../cooperation/cooperation.decider';
import { parseRecordedEvent } from '../schema/parse-recorded-event';
import { commandMetadata } from '../testing/decider-specification';
import { buildEventsToAppend, foldStream } from './decider';
import { DomainError } from './domain-error';
import type { RecordedDomainEvent } from './envelope';

/**
 * Properties of the cooperation decider over random command sequences:
 * - it answers every command with parseable events or a DomainError (never another exception);
 * - a retraction folds to the same state as the history without the retracted event.
 */
const C = 'c1';
const day = fc.constantFrom('2021-01-01', '2021-06-30', '2022-02-28', '2023-02-29', '2024-02-29', '2021-02-30', '2025-12-31');
const command = fc.oneof(
  fc.constant({ type: 'ProposeCooperation', data: { cooperationId: C, groupId: 'g1', leadSchoolId: '4301030002', partnerSchoolId: '4301040009', mode: 'PAIRED_ASSISTANCE' } }),
  fc.constant({ type: 'AdmitPartner', data: { cooperationId: C } }),
  fc.record({ type: fc.constant('SignContract'), data: fc.record({ cooperationId: fc.constant(C), contract: fc.constant({ kind: 'CONTRACT', sha256: 'a'.repeat(64) }), termStart: day, termEnd: day }) }),
  fc.record({ type: fc.constant('ExtendCooperation'), data: fc.record({ cooperationId: fc.constant(C), newTermEnd: day, documentNo: fc.constant('x') }) }),
  fc.record({ type: fc.constant('ExitPartner'), data: fc.record({ cooperationId: fc.constant(C), reason: fc.constantFrom('EXPIRY', 'EARLY', 'LATER') }) }),
  fc.record({ type: fc.constant('ChargeCooperationFee'), data: fc.record({ cooperationId: fc.constant(C), amountFen: fc.oneof(fc.integer({ min: -5, max: 1e9 }), fc.double()) }) }),
  fc.record({ type: fc.constant('RecordApprovalDecision'), data: fc.record({ cooperationId: fc.constant(C), decision: fc.constantFrom('GRANTED', 'DENIED'), authority: fc.constant({ kind: 'CITY_BUREAU' }), documentNo: fc.constant('x'), applicants: fc.constant([{ schoolId: '4301030002' }]) }) }),
);
const step = fc.record({ command, occurredOn: day });

function run(steps: Array<{ command: { type: string; data: unknown }; occurredOn: string }>): RecordedDomainEvent[] {
  const events: RecordedDomainEvent[] = [];
  let state = cooperationDecider.initialState();
  for (const s of steps) {
    const metadata = commandMetadata({ occurredOn: s.occurredOn });
    let decided;
    try {
      decided = cooperationDecider.decide({ ...s.command, metadata } as never, state);
    } catch (e) {
      if (e instanceof DomainError) continue;
      throw e;
    }
    for (const e of buildEventsToAppend(decided, metadata, decided.map((_, i) => `e${events.length + i}`))) {
      const recorded = parseRecordedEvent({ ...e, streamId: 'cooperation-c1', revision: BigInt(events.length), position: BigInt(events.length + 1) });
      events.push(recorded);
      state = cooperationDecider.evolve(state, recorded);
    }
  }
  return events;
}

describe('cooperation decider properties', () => {
  it('answers every command with parseable events or a DomainError', () => {
    fc.assert(fc.property(fc.array(step, { maxLength: 25 }), (steps) => void run(steps)), { numRuns: 150 });
  });

  it('folds a retracted event away exactly as if it had never been recorded', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), fc.nat(), (steps, pick) => {
        const events = run([{ command: { type: 'ProposeCooperation', data: { cooperationId: C, groupId: 'g1', leadSchoolId: '4301030002', partnerSchoolId: '4301040009', mode: 'PAIRED_ASSISTANCE' } }, occurredOn: '2021-01-01' }, ...steps]);
        const target = events[pick % events.length];
        const retraction: RecordedDomainEvent = {
          ...target,
          eventId: 'retraction',
          type: 'EventRetracted',
          data: { retractedEventId: target.eventId, reason: 'x' },
          revision: BigInt(events.length),
          position: BigInt(events.length + 1),
        };
        const withRetraction = foldStream(cooperationDecider, [...events, retraction]);
        const without = foldStream(cooperationDecider, events.filter((e) => e !== target));
        expect(withRetraction.current).toEqual(without.current);
      }),
      { numRuns: 150 },
    );
  });
});
