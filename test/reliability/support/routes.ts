import { CONTRACT_DRAFT_DOCUMENTS, LEAD, PARTNER, doc, schoolBody } from '../../e2e/support/fixtures';

export { LEAD, PARTNER };
export const GROUP = 'g-rel';
export const COOP = 'c-rel';

/** Every command route of DESIGN.md with a well-formed body (paths use the subjects `setupSubjects` makes). */
export interface CommandRoute {
  readonly name: string;
  /** Path with `:id` (or `:eventId`) for the subject. */
  readonly template: string;
  readonly id?: string;
  readonly body: Record<string, unknown>;
  /** Roles beside admin that may call it. */
  readonly roles: readonly string[];
}

const A = { kind: 'DISTRICT_BUREAU', districtCode: '430104' };
const OCC = '2023-05-01';
const R = ['recorder'];

export const COMMAND_ROUTES: readonly CommandRoute[] = [
  { name: 'RegisterSchool', template: '/schools', body: schoolBody('4301050001', '430105'), roles: R },
  {
    name: 'DesignateLead',
    template: '/schools/:id/lead-designations',
    id: LEAD,
    body: { documentNo: '长教通〔2021〕12号', occurredOn: OCC },
    roles: R,
  },
  {
    name: 'RecordGovernanceChange',
    template: '/schools/:id/governance-changes',
    id: LEAD,
    body: { field: 'LEGAL_REPRESENTATIVE', description: 'x', occurredOn: OCC },
    roles: R,
  },
  {
    name: 'EstablishBranchCampus',
    template: '/schools/:id/branch-campuses',
    id: LEAD,
    body: { branchName: '分校', establishedBy: A, occurredOn: OCC },
    roles: R,
  },
  {
    name: 'RecordBrandUsage',
    template: '/schools/:id/brand-usages',
    id: PARTNER,
    body: { brandOwnerSchoolId: LEAD, elements: ['NAME'], purpose: 'GENERAL', occurredOn: OCC },
    roles: R,
  },
  {
    name: 'WithdrawBrand',
    template: '/schools/:id/brand-withdrawals',
    id: PARTNER,
    body: { brandOwnerSchoolId: LEAD, elements: ['NAME'], occurredOn: OCC },
    roles: R,
  },
  {
    name: 'GrantException(school)',
    template: '/schools/:id/exceptions',
    id: LEAD,
    body: { ruleId: 'R01', authority: A, documentNo: 'x', reason: 'y', occurredOn: OCC },
    roles: R,
  },
  {
    name: 'FormGroup',
    template: '/groups',
    body: { groupId: 'g-new', name: 'G', leadSchoolId: LEAD, occurredOn: OCC },
    roles: R,
  },
  {
    name: 'AdoptCharter',
    template: '/groups/:id/charters',
    id: GROUP,
    body: { document: doc('CHARTER', 'c'), occurredOn: OCC },
    roles: R,
  },
  {
    name: 'AdoptDevelopmentPlan',
    template: '/groups/:id/development-plans',
    id: GROUP,
    body: { document: doc('DEVELOPMENT_PLAN', 'p'), occurredOn: OCC },
    roles: R,
  },
  {
    name: 'HoldJointExam',
    template: '/groups/:id/joint-exams',
    id: GROUP,
    body: { participants: [LEAD, PARTNER], occurredOn: OCC },
    roles: R,
  },
  {
    name: 'PublishDirectPromotionPlan',
    template: '/groups/:id/direct-promotion-plans',
    id: GROUP,
    body: { enrolmentYear: 2023, quota: 30, occurredOn: OCC },
    roles: R,
  },
  {
    name: 'EvaluateGroup',
    template: '/groups/:id/evaluations',
    id: GROUP,
    body: {
      period: '2022-2024',
      scores: {
        schoolDevelopment: 80,
        teacherDevelopment: 80,
        studentDevelopment: 80,
        socialRecognition: 80,
        developmentPotential: 80,
      },
      evaluator: 'e',
      report: doc('EVALUATION_REPORT'),
      occurredOn: OCC,
    },
    roles: ['recorder', 'supervisor'],
  },
  {
    name: 'DissolveGroup',
    template: '/groups/:id/dissolution',
    id: GROUP,
    body: { reason: 'r', occurredOn: OCC },
    roles: R,
  },
  {
    name: 'ProposeCooperation',
    template: '/groups/:id/cooperations',
    id: GROUP,
    body: { cooperationId: 'c-new', partnerSchoolId: PARTNER, mode: 'PAIRED_ASSISTANCE', occurredOn: OCC },
    roles: R,
  },
  {
    name: 'GrantException(group)',
    template: '/groups/:id/exceptions',
    id: GROUP,
    body: { ruleId: 'R01', authority: A, documentNo: 'x', reason: 'y', occurredOn: OCC },
    roles: R,
  },
  {
    name: 'GrantNegotiationConsent',
    template: '/cooperations/:id/negotiation-consents',
    id: COOP,
    body: { authority: A, documentNo: 'd', occurredOn: OCC },
    roles: R,
  },
  {
    name: 'RecordApprovalDecision',
    template: '/cooperations/:id/approvals',
    id: COOP,
    body: { authority: A, decision: 'GRANTED', documentNo: 'd', applicants: [LEAD], occurredOn: OCC },
    roles: R,
  },
  {
    name: 'SubmitContractDraft',
    template: '/cooperations/:id/contract-drafts',
    id: COOP,
    body: { documents: CONTRACT_DRAFT_DOCUMENTS, occurredOn: OCC },
    roles: R,
  },
  {
    name: 'ReviewContract',
    template: '/cooperations/:id/contract-reviews',
    id: COOP,
    body: { decision: 'APPROVED', documentNo: 'd', occurredOn: OCC },
    roles: R,
  },
  {
    name: 'SignContract',
    template: '/cooperations/:id/contract-signatures',
    id: COOP,
    body: { contract: doc('CONTRACT', 'k'), termStart: '2023-09-01', termEnd: '2026-08-31', occurredOn: OCC },
    roles: R,
  },
  {
    name: 'AdmitPartner',
    template: '/cooperations/:id/admission',
    id: COOP,
    body: { occurredOn: OCC },
    roles: R,
  },
  {
    name: 'DispatchTeacher',
    template: '/cooperations/:id/teacher-dispatches',
    id: COOP,
    body: { teacherId: 'T-1', role: 'KEY_TEACHER', direction: 'LEAD_TO_PARTNER', occurredOn: OCC },
    roles: R,
  },
  {
    name: 'ChargeCooperationFee',
    template: '/cooperations/:id/fees',
    id: COOP,
    body: { amountFen: 100, occurredOn: OCC },
    roles: R,
  },
  {
    name: 'ExtendCooperation',
    template: '/cooperations/:id/extensions',
    id: COOP,
    body: { newTermEnd: '2028-08-31', documentNo: 'd', occurredOn: OCC },
    roles: R,
  },
  {
    name: 'FileTerminationNotice',
    template: '/cooperations/:id/termination-notices',
    id: COOP,
    body: { recipients: [{ kind: 'CITY_BUREAU' }], plan: doc('TERMINATION_PLAN', 't'), occurredOn: OCC },
    roles: R,
  },
  {
    name: 'RecordParentCommunication',
    template: '/cooperations/:id/parent-communications',
    id: COOP,
    body: { summary: 's', occurredOn: OCC },
    roles: R,
  },
  {
    name: 'ExitPartner',
    template: '/cooperations/:id/exit',
    id: COOP,
    body: { reason: 'EARLY', occurredOn: OCC },
    roles: R,
  },
  {
    name: 'GrantException(cooperation)',
    template: '/cooperations/:id/exceptions',
    id: COOP,
    body: { ruleId: 'R01', authority: A, documentNo: 'x', reason: 'y', occurredOn: OCC },
    roles: R,
  },
  {
    name: 'RetractEvent',
    template: '/events/:id/retractions',
    id: 'EVENT',
    body: { reason: 'r', occurredOn: OCC },
    roles: R,
  },
];

export const pathOf = (r: CommandRoute, id = r.id): string => `/api/v1${r.template.replace(':id', id ?? '')}`;

/** The subjects the routes point at: two schools (430103 lead, 430104 partner), a group and a cooperation. */
export const SETUP: ReadonlyArray<{ path: string; body: Record<string, unknown> }> = [
  { path: '/api/v1/schools', body: schoolBody(LEAD, '430103') },
  { path: '/api/v1/schools', body: schoolBody(PARTNER, '430104') },
  { path: `/api/v1/schools/${LEAD}/lead-designations`, body: { documentNo: 'd', occurredOn: '2022-02-01' } },
  {
    path: '/api/v1/groups',
    body: { groupId: GROUP, name: 'G', leadSchoolId: LEAD, occurredOn: '2022-02-02' },
  },
  {
    path: `/api/v1/groups/${GROUP}/cooperations`,
    body: {
      cooperationId: COOP,
      partnerSchoolId: PARTNER,
      mode: 'PAIRED_ASSISTANCE',
      occurredOn: '2022-03-01',
    },
  },
];
