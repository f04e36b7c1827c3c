import { makeDecider, type AggregateState } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import type { RecordedDomainEvent } from '../shared/envelope';
import type { ExitReason, IsoDay } from '../shared/terms';
import type { CooperationCommand } from './cooperation.commands';
import { APPROVAL_DECISIONS, COOPERATION_COMMAND_TYPES, REVIEW_DECISIONS } from './cooperation.commands';
import type { CooperationEvent, CooperationProposed } from './cooperation.events';

export interface CooperationFacts {
  readonly proposal: CooperationProposed['data'];
  readonly proposedOn: IsoDay;
  /** The signed term, its end moved by extensions. */
  readonly term?: { readonly start: IsoDay; readonly end: IsoDay };
  readonly admittedOn?: IsoDay;
}

/** The facts the cooperation decider needs; policy breaches are the rules' business. */
export type CooperationAggregate =
  | { readonly status: 'NONE' }
  | ({ readonly status: 'PROPOSED' } & CooperationFacts)
  | ({ readonly status: 'ADMITTED'; readonly admittedOn: IsoDay } & CooperationFacts)
  | ({ readonly status: 'EXITED'; readonly exitedOn: IsoDay; readonly exitReason: ExitReason } & CooperationFacts);

export type CooperationState = AggregateState<CooperationAggregate>;

type Existing = Exclude<CooperationAggregate, { status: 'NONE' }>;

function assertProposed(c: CooperationAggregate, cooperationId: string): asserts c is Existing {
  if (c.status === 'NONE') {
    throw DomainError.of('COOPERATION_NOT_PROPOSED', `合作办学未提出 / cooperation ${cooperationId} was never proposed`, { cooperationId });
  }
}

function assertDecision(decision: unknown, allowed: readonly string[]): void {
  if (typeof decision !== 'string' || !allowed.includes(decision)) {
    throw DomainError.of('COMMAND_INVALID_DATA', `决定须为 ${allowed.join(' 或 ')} / decision must be one of ${allowed.join(', ')}, got ${String(decision)}`, {
      issues: [{ path: 'data.decision', message: `expected one of ${allowed.join(', ')}` }],
    });
  }
}

const alreadyExited = (c: Extract<CooperationAggregate, { status: 'EXITED' }>, cooperationId: string, what: string) =>
  DomainError.of('COOPERATION_ALREADY_EXITED', `合作学校已于 ${c.exitedOn} 退出 / the partner of cooperation ${cooperationId} exited on ${c.exitedOn}: ${what}`, {
    cooperationId,
    exitedOn: c.exitedOn,
  });

/**
 * Refuses only what cannot be true: a second proposal or admission, an exit after an exit, an
 * extension after the exit or of a term never signed, a term that ends before it starts.
 * Signing before review, admitting without approval, dispatching or charging after exit, a late
 * notice… are policy breaches: recorded, and judged by the rule pack.
 */
function decide(command: CooperationCommand, c: CooperationAggregate): CooperationEvent[] {
  const { occurredOn } = command.metadata;
  const id = command.data.cooperationId;
  switch (command.type) {
    case 'ProposeCooperation': {
      if (c.status !== 'NONE') {
        throw DomainError.of('COOPERATION_ALREADY_PROPOSED', `合作办学已提出 / cooperation ${id} was already proposed`, { cooperationId: id });
      }
      if (command.data.leadSchoolId === command.data.partnerSchoolId) {
        throw DomainError.of('COOPERATION_LEAD_IS_PARTNER', `优质学校不能与自身合作 / a school cannot be its own partner`, {
          schoolId: command.data.leadSchoolId,
        });
      }
      return [{ type: 'CooperationProposed', data: command.data }];
    }
    case 'GrantNegotiationConsent':
      assertProposed(c, id);
      return [{ type: 'NegotiationConsentGranted', data: command.data }];
    case 'RecordApprovalDecision': {
      assertProposed(c, id);
      const { decision, reason, ...granted } = command.data;
      assertDecision(decision, APPROVAL_DECISIONS);
      return decision === 'GRANTED'
        ? [{ type: 'ApprovalGranted', data: granted }]
        : [{ type: 'ApprovalDenied', data: { ...granted, ...(reason !== undefined ? { reason } : {}) } }];
    }
    case 'SubmitContractDraft':
      assertProposed(c, id);
      return [{ type: 'ContractDraftSubmitted', data: command.data }];
    case 'ReviewContract': {
      assertProposed(c, id);
      const { decision, reason, ...approved } = command.data;
      assertDecision(decision, REVIEW_DECISIONS);
      return decision === 'APPROVED'
        ? [{ type: 'ContractReviewApproved', data: approved }]
        : [{ type: 'ContractReviewRejected', data: { ...approved, ...(reason !== undefined ? { reason } : {}) } }];
    }
    case 'SignContract':
      assertProposed(c, id);
      if (command.data.termEnd <= command.data.termStart) {
        throw DomainError.of(
          'COOPERATION_TERM_END_BEFORE_START',
          `合作期限终止日须晚于起始日 / the term must end after it starts (${command.data.termStart} → ${command.data.termEnd})`,
          { termStart: command.data.termStart, termEnd: command.data.termEnd },
        );
      }
      return [{ type: 'ContractSigned', data: command.data }];
    case 'AdmitPartner':
      assertProposed(c, id);
      if (c.status === 'ADMITTED') {
        throw DomainError.of('COOPERATION_ALREADY_ADMITTED', `合作学校已于 ${c.admittedOn} 加入 / the partner was already admitted on ${c.admittedOn}`, {
          cooperationId: id,
          admittedOn: c.admittedOn,
        });
      }
      if (c.status === 'EXITED') throw alreadyExited(c, id, 'it cannot be admitted again; propose a new cooperation');
      return [{ type: 'PartnerAdmitted', data: command.data }];
    case 'DispatchTeacher':
      assertProposed(c, id);
      return [{ type: 'TeacherDispatched', data: command.data }];
    case 'ChargeCooperationFee':
      assertProposed(c, id);
      return [{ type: 'CooperationFeeCharged', data: command.data }];
    case 'ExtendCooperation':
      assertProposed(c, id);
      if (c.status === 'EXITED' && occurredOn > c.exitedOn) throw alreadyExited(c, id, 'an ended cooperation cannot be extended');
      if (c.term === undefined) {
        throw DomainError.of('COOPERATION_NO_CONTRACT_TERM', `尚未签订合同，无期限可延长 / no contract was signed: there is no term to extend`, {
          cooperationId: id,
        });
      }
      if (command.data.newTermEnd <= c.term.end) {
        throw DomainError.of(
          'COOPERATION_EXTENSION_NOT_LATER',
          `延长后的终止日须晚于现终止日 ${c.term.end} / the new term end ${command.data.newTermEnd} is not after the current ${c.term.end}`,
          { currentTermEnd: c.term.end, newTermEnd: command.data.newTermEnd },
        );
      }
      return [{ type: 'CooperationExtended', data: command.data }];
    case 'FileTerminationNotice':
      assertProposed(c, id);
      return [{ type: 'TerminationNoticeFiled', data: command.data }];
    case 'RecordParentCommunication':
      assertProposed(c, id);
      return [{ type: 'ParentCommunicationRecorded', data: command.data }];
    case 'ExitPartner':
      assertProposed(c, id);
      if (c.status === 'EXITED') throw alreadyExited(c, id, 'a partner exits once');
      return [{ type: 'PartnerExited', data: command.data }];
    default: {
      const unknownCommand: never = command;
      throw DomainError.of('COMMAND_UNKNOWN', `未知命令 / unknown command ${(unknownCommand as { type: string }).type}`);
    }
  }
}

/** Total: after a retraction an event may meet a state it did not meet when decided; it then changes nothing it cannot. */
function evolve(c: CooperationAggregate, event: RecordedDomainEvent): CooperationAggregate {
  const e = event as RecordedDomainEvent<CooperationEvent>;
  const day = e.metadata.occurredOn;
  if (e.type === 'CooperationProposed') {
    return c.status === 'NONE' ? { status: 'PROPOSED', proposal: e.data as CooperationProposed['data'], proposedOn: day } : c;
  }
  if (c.status === 'NONE') return c;
  switch (e.type) {
    case 'ContractSigned': {
      const d = e.data as { termStart: IsoDay; termEnd: IsoDay };
      return { ...c, term: { start: d.termStart, end: d.termEnd } };
    }
    case 'CooperationExtended': {
      const d = e.data as { newTermEnd: IsoDay };
      return c.term ? { ...c, term: { ...c.term, end: d.newTermEnd } } : c;
    }
    case 'PartnerAdmitted':
      return c.status === 'PROPOSED' ? { ...c, status: 'ADMITTED', admittedOn: day } : c;
    case 'PartnerExited':
      return c.status === 'EXITED' ? c : { ...c, status: 'EXITED', exitedOn: day, exitReason: (e.data as { reason: ExitReason }).reason };
    default:
      return c;
  }
}

/** Stream `cooperation-{cooperationId}`. */
export const cooperationDecider = makeDecider<CooperationCommand, CooperationEvent, CooperationAggregate>({
  aggregate: 'cooperation',
  commandTypes: COOPERATION_COMMAND_TYPES,
  initial: () => ({ status: 'NONE' }),
  decide,
  evolve,
  subjectId: (c) => (c.status === 'NONE' ? undefined : c.proposal.cooperationId),
  commandSubjectId: (c) => c.data.cooperationId,
  assertExists: (c) => {
    if (c.status === 'NONE') throw DomainError.of('COOPERATION_NOT_PROPOSED', '合作办学未提出 / the cooperation was never proposed');
  },
});
