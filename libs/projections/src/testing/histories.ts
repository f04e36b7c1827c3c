import fc from 'fast-check';
import type { RecordedDomainEvent } from '@ledger/domain';
import { CITY_BUREAU, History } from '@ledger/domain/rules/testing/history';

/**
 * Generated histories of a small city for the read models' properties: schools, groups, proposed
 * cooperations and their events, with valid days in any order (a later event may join a subject's
 * list before facts folded earlier) and retractions of any event before. Not every history is one
 * the decider would accept; the fold and the rules take any.
 */

const SCHOOLS = ['S1', 'S2', 'S3', 'S4'];
const GROUPS = ['G1', 'G2', 'G3'];
const COOPS = ['C1', 'C2', 'C3', 'C4'];
const DAYS = ['2020-09-01', '2021-03-15', '2022-07-01', '2023-01-01', '2024-12-31'];

export type Step =
  | { kind: 'school'; id: string; on: string }
  | { kind: 'group'; id: string; lead: string; on: string }
  | { kind: 'propose'; id: string; group: string; lead: string; partner: string; on: string }
  | {
      kind: 'coop';
      id: string;
      type: 'TeacherDispatched' | 'ApprovalGranted' | 'ContractSigned' | 'PartnerAdmitted';
      on: string;
    }
  | {
      kind: 'groupEvent';
      id: string;
      type: 'JointExamHeld' | 'CharterAdopted' | 'GroupDissolved';
      on: string;
    }
  | { kind: 'retract'; nth: number; on: string };

const day = fc.constantFrom(...DAYS);
export const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('school' as const), id: fc.constantFrom(...SCHOOLS), on: day }),
  fc.record({
    kind: fc.constant('group' as const),
    id: fc.constantFrom(...GROUPS),
    lead: fc.constantFrom(...SCHOOLS),
    on: day,
  }),
  fc.record({
    kind: fc.constant('propose' as const),
    id: fc.constantFrom(...COOPS),
    group: fc.constantFrom(...GROUPS),
    lead: fc.constantFrom(...SCHOOLS),
    partner: fc.constantFrom(...SCHOOLS),
    on: day,
  }),
  // Valid days in any order: a later event may join a list before facts folded earlier.
  fc.record({
    kind: fc.constant('coop' as const),
    id: fc.constantFrom(...COOPS),
    type: fc.constantFrom(
      'TeacherDispatched' as const,
      'ApprovalGranted' as const,
      'ContractSigned' as const,
      'PartnerAdmitted' as const,
    ),
    on: day,
  }),
  fc.record({
    kind: fc.constant('groupEvent' as const),
    id: fc.constantFrom(...GROUPS),
    type: fc.constantFrom('JointExamHeld' as const, 'CharterAdopted' as const, 'GroupDissolved' as const),
    on: day,
  }),
  fc.record({ kind: fc.constant('retract' as const), nth: fc.nat(100), on: day }),
);

export function eventsOf(steps: readonly Step[]): RecordedDomainEvent[] {
  const h = new History();
  for (const s of steps) {
    switch (s.kind) {
      case 'school':
        h.school(s.id, {}, s.on);
        break;
      case 'group':
        h.group(s.id, s.lead, s.on);
        break;
      case 'propose':
        h.propose(s.id, s.group, s.lead, s.partner, s.on);
        break;
      case 'coop':
        // A term ending in early 2026: urgent on days judged from the new year (the dashboard's deadlines).
        if (s.type === 'ContractSigned') h.sign(s.id, s.on, s.on, '2026-03-31');
        else if (s.type === 'ApprovalGranted') h.approve(s.id, CITY_BUREAU, s.on);
        else if (s.type === 'PartnerAdmitted') {
          // Admitted on a contract signed the same day: an active cooperation with a term.
          h.sign(s.id, s.on, s.on, '2026-03-31');
          h.admit(s.id, s.on);
        }
        else
          h.coop(
            s.id,
            'TeacherDispatched',
            { teacherId: `t${h.events.length}`, role: 'MANAGER', direction: 'LEAD_TO_PARTNER' },
            s.on,
          );
        break;
      case 'groupEvent': {
        const data = {
          JointExamHeld: { participants: ['S1'] },
          CharterAdopted: { document: { kind: 'CHARTER', sha256: 'b'.repeat(64) } },
          GroupDissolved: { reason: '撤销' },
        };
        h.groupEvent(s.id, s.type, data[s.type], s.on);
        break;
      }
      case 'retract': {
        if (h.events.length === 0) break;
        const target = h.events[s.nth % h.events.length];
        const [type, ...rest] = target.streamId.split('-');
        // The decider puts a retraction in its target's stream; a second one of the same event is ignored by the fold.
        h.record(
          type as 'school' | 'group' | 'cooperation',
          rest.join('-'),
          'EventRetracted',
          { retractedEventId: target.eventId, reason: '录入错误' },
          s.on,
        );
        break;
      }
    }
  }
  return h.events;
}
