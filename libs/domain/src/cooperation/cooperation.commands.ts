import type { Command } from '../shared/command';
import type {
  ApprovalDenied,
  ContractDraftSubmitted,
  ContractReviewRejected,
  ContractSigned,
  CooperationExtended,
  CooperationFeeCharged,
  CooperationProposed,
  NegotiationConsentGranted,
  ParentCommunicationRecorded,
  PartnerAdmitted,
  PartnerExited,
  TeacherDispatched,
  TerminationNoticeFiled,
} from './cooperation.events';

/** Command data = the event's data (the cooperation id included). Stream: `cooperation-{cooperationId}`. */
export type ProposeCooperation = Command<'ProposeCooperation', CooperationProposed['data']>;
export type GrantNegotiationConsent = Command<'GrantNegotiationConsent', NegotiationConsentGranted['data']>;
/** GRANTED → ApprovalGranted (reason dropped), DENIED → ApprovalDenied. */
export type RecordApprovalDecision = Command<'RecordApprovalDecision', ApprovalDenied['data'] & { decision: ApprovalDecision }>;
export const APPROVAL_DECISIONS = ['GRANTED', 'DENIED'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];
export type SubmitContractDraft = Command<'SubmitContractDraft', ContractDraftSubmitted['data']>;
/** APPROVED → ContractReviewApproved (reason dropped), REJECTED → ContractReviewRejected. */
export type ReviewContract = Command<'ReviewContract', ContractReviewRejected['data'] & { decision: ReviewDecision }>;
export const REVIEW_DECISIONS = ['APPROVED', 'REJECTED'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
export type SignContract = Command<'SignContract', ContractSigned['data']>;
export type AdmitPartner = Command<'AdmitPartner', PartnerAdmitted['data']>;
export type DispatchTeacher = Command<'DispatchTeacher', TeacherDispatched['data']>;
export type ChargeCooperationFee = Command<'ChargeCooperationFee', CooperationFeeCharged['data']>;
export type ExtendCooperation = Command<'ExtendCooperation', CooperationExtended['data']>;
export type FileTerminationNotice = Command<'FileTerminationNotice', TerminationNoticeFiled['data']>;
export type RecordParentCommunication = Command<'RecordParentCommunication', ParentCommunicationRecorded['data']>;
export type ExitPartner = Command<'ExitPartner', PartnerExited['data']>;

export type CooperationCommand =
  | ProposeCooperation
  | GrantNegotiationConsent
  | RecordApprovalDecision
  | SubmitContractDraft
  | ReviewContract
  | SignContract
  | AdmitPartner
  | DispatchTeacher
  | ChargeCooperationFee
  | ExtendCooperation
  | FileTerminationNotice
  | RecordParentCommunication
  | ExitPartner;

export const COOPERATION_COMMAND_TYPES = [
  'ProposeCooperation',
  'GrantNegotiationConsent',
  'RecordApprovalDecision',
  'SubmitContractDraft',
  'ReviewContract',
  'SignContract',
  'AdmitPartner',
  'DispatchTeacher',
  'ChargeCooperationFee',
  'ExtendCooperation',
  'FileTerminationNotice',
  'RecordParentCommunication',
  'ExitPartner',
] as const satisfies readonly CooperationCommand['type'][];
