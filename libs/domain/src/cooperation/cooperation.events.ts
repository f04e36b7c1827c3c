import type { Authority, CooperationMode, DispatchDirection, DocumentRef, ExitReason, IsoDay, TeacherRole } from '../shared/terms';

/** An applicant for an approval: a school id (10 digits) or an authority. */
export type Applicant = { schoolId: string } | { authority: Authority };

/** Stream `cooperation-{cooperationId}`: one lead–partner relationship inside a group. */
export type CooperationProposed = {
  type: 'CooperationProposed';
  data: { cooperationId: string; groupId: string; leadSchoolId: string; partnerSchoolId: string; mode: CooperationMode };
};
/** §3.1 市教育局同意才能商议合作事宜 */
export type NegotiationConsentGranted = {
  type: 'NegotiationConsentGranted';
  data: { cooperationId: string; authority: Authority; documentNo: string };
};
export type ApprovalGranted = {
  type: 'ApprovalGranted';
  data: { cooperationId: string; authority: Authority; documentNo: string; applicants: Applicant[] };
};
export type ApprovalDenied = {
  type: 'ApprovalDenied';
  data: { cooperationId: string; authority: Authority; documentNo: string; applicants: Applicant[]; reason?: string };
};
export type ContractDraftSubmitted = { type: 'ContractDraftSubmitted'; data: { cooperationId: string; documents: DocumentRef[] } };
export type ContractReviewApproved = { type: 'ContractReviewApproved'; data: { cooperationId: string; documentNo: string } };
export type ContractReviewRejected = {
  type: 'ContractReviewRejected';
  data: { cooperationId: string; documentNo: string; reason?: string };
};
export type ContractSigned = {
  type: 'ContractSigned';
  data: { cooperationId: string; contract: DocumentRef; termStart: IsoDay; termEnd: IsoDay };
};
export type PartnerAdmitted = { type: 'PartnerAdmitted'; data: { cooperationId: string } };
export type TeacherDispatched = {
  type: 'TeacherDispatched';
  data: { cooperationId: string; teacherId: string; role: TeacherRole; direction: DispatchDirection; until?: IsoDay };
};
export type CooperationFeeCharged = { type: 'CooperationFeeCharged'; data: { cooperationId: string; amountFen: number } };
export type CooperationExtended = {
  type: 'CooperationExtended';
  data: { cooperationId: string; newTermEnd: IsoDay; documentNo: string };
};
export type TerminationNoticeFiled = {
  type: 'TerminationNoticeFiled';
  data: { cooperationId: string; recipients: Authority[]; plan: DocumentRef };
};
export type ParentCommunicationRecorded = {
  type: 'ParentCommunicationRecorded';
  data: { cooperationId: string; summary?: string };
};
export type PartnerExited = { type: 'PartnerExited'; data: { cooperationId: string; reason: ExitReason } };

export type CooperationEvent =
  | CooperationProposed
  | NegotiationConsentGranted
  | ApprovalGranted
  | ApprovalDenied
  | ContractDraftSubmitted
  | ContractReviewApproved
  | ContractReviewRejected
  | ContractSigned
  | PartnerAdmitted
  | TeacherDispatched
  | CooperationFeeCharged
  | CooperationExtended
  | TerminationNoticeFiled
  | ParentCommunicationRecorded
  | PartnerExited;
