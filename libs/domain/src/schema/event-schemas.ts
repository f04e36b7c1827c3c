import type { LedgerEvent, LedgerEventType } from '../events';
import type { EventMetadata } from '../shared/envelope';
import {
  ADMINISTRATIONS,
  AUTHORITY_KINDS,
  BRAND_ELEMENTS,
  BRAND_PURPOSES,
  COOPERATION_MODES,
  DISPATCH_DIRECTIONS,
  DOCUMENT_KINDS,
  EXIT_REASONS,
  GOVERNANCE_FIELDS,
  OWNERSHIPS,
  ROLES,
  STAGES,
  TEACHER_ROLES,
  type Authority,
  type DocumentRef,
} from '../shared/terms';
import {
  array,
  boolean,
  districtCode,
  identifier,
  integer,
  isoDay,
  isoInstant,
  literal,
  number,
  object,
  oneOfShapes,
  optional,
  schoolId,
  sha256Hex,
  string,
  text,
  type Schema,
} from './validators';

/** Data of the event of type K. */
export type EventData<K extends LedgerEventType> = Extract<LedgerEvent, { type: K }>['data'];

// ---- shared shapes ----

export const authoritySchema: Schema<Authority> = object(
  { kind: literal(AUTHORITY_KINDS), districtCode: optional(districtCode()), name: optional(text(200)) },
  {
    refine: (a, path, issues) => {
      if ((a.kind === 'DISTRICT_BUREAU' || a.kind === 'DISTRICT_GOVERNMENT') && a.districtCode === undefined) {
        issues.push({ path: `${path}.districtCode`, message: `is required for ${a.kind}` });
      }
      if (a.kind === 'OTHER' && a.name === undefined) issues.push({ path: `${path}.name`, message: 'is required for OTHER' });
    },
  },
);

export const documentSchema: Schema<DocumentRef> = object({ kind: literal(DOCUMENT_KINDS), sha256: sha256Hex(), title: optional(text(300)) });

const documentNo = () => text(100);
const cooperationId = () => identifier();
const groupId = () => identifier();
const score = () => number({ min: 0, max: 100 });

// ---- one schema per event type (data only) ----

/** Every event type of the catalogue with its data schema. The keys are stored contracts. */
export const EVENT_DATA_SCHEMAS: { readonly [K in LedgerEventType]: Schema<EventData<K>> } = {
  // school
  SchoolRegistered: object({
    schoolId: schoolId(),
    name: text(200),
    stages: array(literal(STAGES), { min: 1, max: 4, unique: true }),
    ownership: literal(OWNERSHIPS),
    administration: literal(ADMINISTRATIONS),
    districtCode: districtCode(),
    inChangsha: boolean(),
    sinoForeign: boolean(),
  }),
  SchoolDesignatedLead: object({ schoolId: schoolId(), documentNo: documentNo() }),
  SchoolGovernanceChanged: object({
    schoolId: schoolId(),
    field: literal(GOVERNANCE_FIELDS),
    attributedToGroupId: optional(groupId()),
    description: optional(text(2000)),
  }),
  BranchCampusEstablished: object({ schoolId: schoolId(), branchName: text(200), establishedBy: authoritySchema }),
  BrandUsageRecorded: object({
    schoolId: schoolId(),
    brandOwnerSchoolId: schoolId(),
    elements: array(literal(BRAND_ELEMENTS), { min: 1, max: 4, unique: true }),
    purpose: literal(BRAND_PURPOSES),
  }),
  BrandWithdrawn: object({
    schoolId: schoolId(),
    brandOwnerSchoolId: schoolId(),
    elements: array(literal(BRAND_ELEMENTS), { min: 1, max: 4, unique: true }),
  }),
  // group
  GroupFormed: object({
    groupId: groupId(),
    name: text(200),
    leadSchoolId: schoolId(),
    spunOffFrom: optional(object({ groupId: groupId(), leadSchoolId: schoolId() })),
  }),
  CharterAdopted: object({ groupId: groupId(), document: documentSchema }),
  DevelopmentPlanAdopted: object({ groupId: groupId(), document: documentSchema }),
  JointExamHeld: object({ groupId: groupId(), participants: array(schoolId(), { min: 1, unique: true }), title: optional(text(200)) }),
  DirectPromotionPlanPublished: object({ groupId: groupId(), enrolmentYear: integer({ min: 1990, max: 2100 }), quota: integer({ min: 0, max: 100000 }) }),
  GroupEvaluated: object({
    groupId: groupId(),
    period: text(50),
    scores: object({
      schoolDevelopment: score(),
      teacherDevelopment: score(),
      studentDevelopment: score(),
      socialRecognition: score(),
      developmentPotential: score(),
    }),
    evaluator: text(200),
    report: documentSchema,
  }),
  GroupDissolved: object({ groupId: groupId(), reason: optional(text(2000)) }),
  // cooperation
  CooperationProposed: object({
    cooperationId: cooperationId(),
    groupId: groupId(),
    leadSchoolId: schoolId(),
    partnerSchoolId: schoolId(),
    mode: literal(COOPERATION_MODES),
  }),
  NegotiationConsentGranted: object({ cooperationId: cooperationId(), authority: authoritySchema, documentNo: documentNo() }),
  ApprovalGranted: object({
    cooperationId: cooperationId(),
    authority: authoritySchema,
    documentNo: documentNo(),
    applicants: array(oneOfShapes('schoolId', object({ schoolId: schoolId() }), 'authority', object({ authority: authoritySchema })), { min: 1 }),
  }),
  ApprovalDenied: object({
    cooperationId: cooperationId(),
    authority: authoritySchema,
    documentNo: documentNo(),
    applicants: array(oneOfShapes('schoolId', object({ schoolId: schoolId() }), 'authority', object({ authority: authoritySchema })), { min: 1 }),
    reason: optional(text(2000)),
  }),
  ContractDraftSubmitted: object({ cooperationId: cooperationId(), documents: array(documentSchema, { min: 1, max: 50 }) }),
  ContractReviewApproved: object({ cooperationId: cooperationId(), documentNo: documentNo() }),
  ContractReviewRejected: object({ cooperationId: cooperationId(), documentNo: documentNo(), reason: optional(text(2000)) }),
  ContractSigned: object({ cooperationId: cooperationId(), contract: documentSchema, termStart: isoDay(), termEnd: isoDay() }),
  PartnerAdmitted: object({ cooperationId: cooperationId() }),
  TeacherDispatched: object({
    cooperationId: cooperationId(),
    teacherId: identifier(),
    role: literal(TEACHER_ROLES),
    direction: literal(DISPATCH_DIRECTIONS),
    until: optional(isoDay()),
  }),
  CooperationFeeCharged: object({ cooperationId: cooperationId(), amountFen: integer({ min: 0 }) }),
  CooperationExtended: object({ cooperationId: cooperationId(), newTermEnd: isoDay(), documentNo: documentNo() }),
  TerminationNoticeFiled: object({ cooperationId: cooperationId(), recipients: array(authoritySchema, { min: 1, max: 20 }), plan: documentSchema }),
  ParentCommunicationRecorded: object({ cooperationId: cooperationId(), summary: optional(text(2000)) }),
  PartnerExited: object({ cooperationId: cooperationId(), reason: literal(EXIT_REASONS) }),
  // any stream
  ExceptionGranted: object({
    ruleId: string({ max: 40, pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/, what: 'a rule id such as R13' }),
    authority: authoritySchema,
    documentNo: documentNo(),
    reason: text(2000),
    until: optional(isoDay()),
  }),
  EventRetracted: object({ retractedEventId: identifier(), reason: text(2000) }),
};

/** Every event type of the catalogue, in catalogue order. */
export const LEDGER_EVENT_TYPES = Object.keys(EVENT_DATA_SCHEMAS) as readonly LedgerEventType[];

export function isLedgerEventType(type: unknown): type is LedgerEventType {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(EVENT_DATA_SCHEMAS, type);
}

/**
 * The current schema version of each event type. Bump it (and register an upcaster from the
 * previous version) whenever a stored shape changes; never edit a stored event.
 */
export const SCHEMA_VERSIONS: { readonly [K in LedgerEventType]: number } = Object.fromEntries(
  LEDGER_EVENT_TYPES.map((t) => [t, 1]),
) as { [K in LedgerEventType]: number };

/** The envelope (DESIGN.md "Events"). Extra metadata keys are tolerated and dropped on read. */
export const eventMetadataSchema: Schema<EventMetadata> = object(
  {
    schemaVersion: integer({ min: 1, max: 1000 }),
    occurredOn: isoDay(),
    recordedAt: isoInstant(),
    actor: object(
      {
        id: text(200),
        role: literal(ROLES),
        jurisdiction: optional(string({ pattern: /^(city|\d{6})$/, what: '"city" or a 6-digit district code' })),
      },
      { passthrough: true },
    ),
    correlationId: text(200),
    causationId: optional(text(200)),
    idempotencyKey: optional(text(200)),
  },
  { passthrough: true },
);
