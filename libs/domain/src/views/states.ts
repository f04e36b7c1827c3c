import type {
  Administration,
  Authority,
  BrandElement,
  BrandPurpose,
  CooperationMode,
  DispatchDirection,
  DocumentRef,
  ExitReason,
  GovernanceField,
  IsoDay,
  Ownership,
  Stage,
  TeacherRole,
} from '../shared/terms';
import type { Applicant } from '../cooperation/cooperation.events';
import type { Fact, LedgerView, ViewAt } from './ledger-view';
import { draftDocumentsHeld } from './draft-documents';
import { visibleFacts, visibleOf } from './ledger-view';

/** Every derived fact keeps the day it took effect and the id of the event that recorded it. */
export interface Dated {
  readonly on: IsoDay;
  readonly eventId: string;
}

export interface ExceptionRecord extends Dated {
  readonly ruleId: string;
  readonly authority: Authority;
  readonly documentNo: string;
  readonly reason: string;
  readonly until?: IsoDay;
}

export interface SchoolView {
  readonly schoolId: string;
  readonly name: string;
  readonly stages: readonly Stage[];
  readonly ownership: Ownership;
  readonly administration: Administration;
  readonly districtCode: string;
  readonly inChangsha: boolean;
  readonly sinoForeign: boolean;
  readonly registered: Dated;
  /** 优质学校 designation, the latest one. */
  readonly leadDesignation: (Dated & { documentNo: string }) | null;
  readonly branches: readonly (Dated & { branchName: string; establishedBy: Authority })[];
  readonly governanceChanges: readonly (Dated & { field: GovernanceField; attributedToGroupId?: string; description?: string })[];
  readonly brandUsages: readonly (Dated & { brandOwnerSchoolId: string; elements: readonly BrandElement[]; purpose: BrandPurpose })[];
  readonly brandWithdrawals: readonly (Dated & { brandOwnerSchoolId: string; elements: readonly BrandElement[] })[];
  readonly exceptions: readonly ExceptionRecord[];
}

export type CooperationStatus = 'PROPOSED' | 'APPROVED' | 'SIGNED' | 'ACTIVE' | 'EXITED';

export interface ApprovalRecord extends Dated {
  readonly decision: 'GRANTED' | 'DENIED';
  readonly authority: Authority;
  readonly documentNo: string;
  readonly applicants: readonly Applicant[];
  readonly reason?: string;
  /** Fold order among same-day facts (position), for "in that order" checks. */
  readonly pos: number;
}

export interface CooperationView {
  readonly cooperationId: string;
  readonly groupId: string;
  readonly leadSchoolId: string;
  readonly partnerSchoolId: string;
  readonly mode: CooperationMode;
  readonly proposed: Dated;
  readonly status: CooperationStatus;
  readonly consents: readonly (Dated & { authority: Authority; documentNo: string })[];
  readonly approvals: readonly ApprovalRecord[];
  /** `held`: the kinds of CONTRACT_DRAFT_DOCUMENTS the documents provide (bit mask, `draftDocumentsHeld`); absent: compute it. */
  readonly drafts: readonly (Dated & { documents: readonly DocumentRef[]; held?: number })[];
  readonly reviews: readonly (Dated & { decision: 'APPROVED' | 'REJECTED'; documentNo: string; reason?: string })[];
  readonly signings: readonly (Dated & { contract: DocumentRef; termStart: IsoDay; termEnd: IsoDay })[];
  /** The latest signed contract. */
  readonly contract: (Dated & { contract: DocumentRef; termStart: IsoDay; termEnd: IsoDay }) | null;
  readonly extensions: readonly (Dated & { newTermEnd: IsoDay; documentNo: string })[];
  /** The term end in force: the contract's, or the latest extension's. */
  readonly termEnd: IsoDay | null;
  readonly admission: Dated | null;
  readonly dispatches: readonly (Dated & { teacherId: string; role: TeacherRole; direction: DispatchDirection; until?: IsoDay })[];
  readonly fees: readonly (Dated & { amountFen: number })[];
  readonly notices: readonly (Dated & { recipients: readonly Authority[]; plan: DocumentRef })[];
  readonly parentCommunications: readonly (Dated & { summary?: string })[];
  readonly exit: (Dated & { reason: ExitReason }) | null;
  readonly exceptions: readonly ExceptionRecord[];
  /** Admitted and not exited (nor ended by the group's dissolution) at the view's asOf. */
  readonly active: boolean;
  /** The day the cooperation stopped being active: exit, or the group's dissolution. */
  readonly endedOn: IsoDay | null;
}

export interface GroupView {
  readonly groupId: string;
  readonly name: string;
  readonly leadSchoolId: string;
  readonly spunOffFrom?: { groupId: string; leadSchoolId: string };
  readonly formed: Dated;
  readonly dissolved: (Dated & { reason?: string }) | null;
  readonly charters: readonly (Dated & { document: DocumentRef })[];
  readonly developmentPlans: readonly (Dated & { document: DocumentRef })[];
  readonly jointExams: readonly (Dated & { participants: readonly string[]; title?: string })[];
  readonly directPromotionPlans: readonly (Dated & { enrolmentYear: number; quota: number })[];
  readonly evaluations: readonly (Dated & { period: string; scores: Record<string, number>; evaluator: string; report: DocumentRef })[];
  readonly exceptions: readonly ExceptionRecord[];
  /** ids of the group's cooperations (proposed and not retracted at asOf). */
  readonly cooperationIds: readonly string[];
  /** Every partner ever admitted (by asOf), with its cooperation and whether it is active. */
  readonly members: readonly { schoolId: string; cooperationId: string; status: CooperationStatus; active: boolean }[];
  readonly activePartners: readonly { schoolId: string; cooperationId: string }[];
}

type D<T> = Fact<T>;

/**
 * Shared empty list: most subjects have no facts of most kinds (fewer allocations per derivation).
 * A list's first fact starts it as a one-element literal (exact size; `[]` then push reserves 17).
 */
const EMPTY: readonly never[] = Object.freeze([]);

function add<T>(list: T[] | undefined, item: T): T[] {
  if (!list) return [item];
  list.push(item);
  return list;
}

function exceptionOf(f: D<{ ruleId: string; authority: Authority; documentNo: string; reason: string; until?: IsoDay }>): ExceptionRecord {
  const d = f.data;
  return { on: f.on, eventId: f.eventId, ruleId: d.ruleId, authority: d.authority, documentNo: d.documentNo, reason: d.reason, until: d.until };
}

export function schoolAt(view: LedgerView, schoolId: string, at: ViewAt): SchoolView | undefined {
  const facts = visibleFacts(view, 'school', schoolId, at);
  let reg: D<{ name: string; stages: Stage[]; ownership: Ownership; administration: Administration; districtCode: string; inChangsha: boolean; sinoForeign: boolean }> | undefined;
  let leadDesignation: SchoolView['leadDesignation'] = null;
  let branches: (Dated & { branchName: string; establishedBy: Authority })[] | undefined;
  let governanceChanges: (Dated & { field: GovernanceField; attributedToGroupId?: string; description?: string })[] | undefined;
  let brandUsages: (Dated & { brandOwnerSchoolId: string; elements: BrandElement[]; purpose: BrandPurpose })[] | undefined;
  let brandWithdrawals: (Dated & { brandOwnerSchoolId: string; elements: BrandElement[] })[] | undefined;
  let exceptions: ExceptionRecord[] | undefined;
  for (const f of facts) {
    const d = f.data as Record<string, never>;
    switch (f.type) {
      case 'SchoolRegistered':
        reg = f as never;
        break;
      case 'BrandUsageRecorded':
        brandUsages = add(brandUsages, { on: f.on, eventId: f.eventId, brandOwnerSchoolId: d.brandOwnerSchoolId, elements: d.elements, purpose: d.purpose });
        break;
      case 'SchoolDesignatedLead':
        leadDesignation = { on: f.on, eventId: f.eventId, documentNo: d.documentNo };
        break;
      case 'BranchCampusEstablished':
        branches = add(branches, { on: f.on, eventId: f.eventId, branchName: d.branchName, establishedBy: d.establishedBy });
        break;
      case 'SchoolGovernanceChanged':
        governanceChanges = add(governanceChanges, { on: f.on, eventId: f.eventId, field: d.field, attributedToGroupId: d.attributedToGroupId, description: d.description });
        break;
      case 'BrandWithdrawn':
        brandWithdrawals = add(brandWithdrawals, { on: f.on, eventId: f.eventId, brandOwnerSchoolId: d.brandOwnerSchoolId, elements: d.elements });
        break;
      case 'ExceptionGranted':
        exceptions = add(exceptions, exceptionOf(f as never));
        break;
    }
  }
  if (!reg) return undefined;
  const r = reg.data;
  return {
    schoolId,
    name: r.name,
    stages: r.stages,
    ownership: r.ownership,
    administration: r.administration,
    districtCode: r.districtCode,
    inChangsha: r.inChangsha,
    sinoForeign: r.sinoForeign,
    registered: { on: reg.on, eventId: reg.eventId },
    leadDesignation,
    branches: branches ?? EMPTY,
    governanceChanges: governanceChanges ?? EMPTY,
    brandUsages: brandUsages ?? EMPTY,
    brandWithdrawals: brandWithdrawals ?? EMPTY,
    exceptions: exceptions ?? EMPTY,
  };
}

/** The group's dissolution day at `at`, without deriving the whole group. */
export function dissolutionOf(view: LedgerView, groupId: string, at: ViewAt): IsoDay | null {
  for (const f of visibleFacts(view, 'group', groupId, at)) if (f.type === 'GroupDissolved') return f.on;
  return null;
}

/**
 * `dissolutionOf` kept per group id, as a look-up to pass for `GroupDissolution` where many
 * cooperations ask (the rules' state cache, a lead's footprint: ADR 0180).
 */
export function dissolutionsAt(view: LedgerView, at: ViewAt): (groupId: string) => IsoDay | null {
  const known = new Map<string, IsoDay | null>();
  return (groupId) => {
    let d = known.get(groupId);
    if (d === undefined) known.set(groupId, (d = dissolutionOf(view, groupId, at)));
    return d;
  };
}

/**
 * The dissolution day of the group a cooperation belongs to, when the caller knows it: the day itself
 * (`groupAt` for the group's own cooperations), or a look-up by group id (a cache of them: the rule
 * engine's state cache, a lead's footprint), asked with the group of the proposal that counts at
 * `at`, not that of a retracted one. Undefined: derived here.
 */
export type GroupDissolution = IsoDay | null | ((groupId: string) => IsoDay | null);

export function cooperationAt(view: LedgerView, cooperationId: string, at: ViewAt, groupDissolvedOn?: GroupDissolution): CooperationView | undefined {
  const list = view.cooperations.get(cooperationId);
  return list ? cooperationOfFacts(view, cooperationId, list, at, groupDissolvedOn) : undefined;
}

/**
 * `cooperationAt` from the cooperation's stored fact list (`view.cooperations.get(cooperationId)`),
 * for a caller that already holds it (the rule engine's state cache: ADR 0107).
 */
export function cooperationOfFacts(view: LedgerView, cooperationId: string, list: Fact[], at: ViewAt, groupDissolvedOn?: GroupDissolution): CooperationView | undefined {
  const facts = visibleOf(view, list, at);
  let proposal: D<{ groupId: string; leadSchoolId: string; partnerSchoolId: string; mode: CooperationMode }> | undefined;
  let consents: (Dated & { authority: Authority; documentNo: string })[] | undefined;
  let approvals: ApprovalRecord[] | undefined;
  let drafts: (Dated & { documents: DocumentRef[]; held: number })[] | undefined;
  let reviews: (Dated & { decision: 'APPROVED' | 'REJECTED'; documentNo: string; reason?: string })[] | undefined;
  let signings: (Dated & { contract: DocumentRef; termStart: IsoDay; termEnd: IsoDay })[] | undefined;
  let extensions: (Dated & { newTermEnd: IsoDay; documentNo: string })[] | undefined;
  let admission: Dated | null = null;
  let dispatches: (Dated & { teacherId: string; role: TeacherRole; direction: DispatchDirection; until?: IsoDay })[] | undefined;
  let fees: (Dated & { amountFen: number })[] | undefined;
  let notices: (Dated & { recipients: Authority[]; plan: DocumentRef })[] | undefined;
  let parentCommunications: (Dated & { summary?: string })[] | undefined;
  let exit: CooperationView['exit'] = null;
  let exceptions: ExceptionRecord[] | undefined;
  for (const f of facts) {
    const d = f.data as Record<string, never>;
    // The most frequent kinds first (a dispatch is 43 % of a cooperation's facts in the demo city):
    // the labels are distinct, so the order changes only how many are compared (ADR 0107).
    switch (f.type) {
      case 'TeacherDispatched':
        dispatches = add(dispatches, { on: f.on, eventId: f.eventId, teacherId: d.teacherId, role: d.role, direction: d.direction, until: d.until });
        break;
      case 'CooperationFeeCharged':
        fees = add(fees, { on: f.on, eventId: f.eventId, amountFen: d.amountFen });
        break;
      case 'CooperationProposed':
        if (!proposal) proposal = f as never;
        break;
      case 'NegotiationConsentGranted':
        consents = add(consents, { on: f.on, eventId: f.eventId, authority: d.authority, documentNo: d.documentNo });
        break;
      case 'ApprovalGranted':
      case 'ApprovalDenied':
        approvals = add(approvals, {
          on: f.on,
          eventId: f.eventId,
          pos: f.pos,
          decision: f.type === 'ApprovalGranted' ? 'GRANTED' : 'DENIED',
          authority: d.authority,
          documentNo: d.documentNo,
          applicants: d.applicants ?? [],
          reason: d.reason,
        });
        break;
      case 'ContractDraftSubmitted':
        drafts = add(drafts, {
          on: f.on,
          eventId: f.eventId,
          documents: d.documents ?? [],
          // Folded facts carry it (ADR 0111); a fact from an older snapshot has it computed here.
          held: f.draftHeld ?? draftDocumentsHeld(d.documents ?? []),
        });
        break;
      case 'ContractReviewApproved':
      case 'ContractReviewRejected':
        reviews = add(reviews, { on: f.on, eventId: f.eventId, decision: f.type === 'ContractReviewApproved' ? 'APPROVED' : 'REJECTED', documentNo: d.documentNo, reason: d.reason });
        break;
      case 'ContractSigned':
        signings = add(signings, { on: f.on, eventId: f.eventId, contract: d.contract, termStart: d.termStart, termEnd: d.termEnd });
        break;
      case 'PartnerAdmitted':
        if (!admission) admission = { on: f.on, eventId: f.eventId };
        break;
      case 'CooperationExtended':
        extensions = add(extensions, { on: f.on, eventId: f.eventId, newTermEnd: d.newTermEnd, documentNo: d.documentNo });
        break;
      case 'TerminationNoticeFiled':
        notices = add(notices, { on: f.on, eventId: f.eventId, recipients: d.recipients ?? [], plan: d.plan });
        break;
      case 'ParentCommunicationRecorded':
        parentCommunications = add(parentCommunications, { on: f.on, eventId: f.eventId, summary: d.summary });
        break;
      case 'PartnerExited':
        if (!exit) exit = { on: f.on, eventId: f.eventId, reason: d.reason };
        break;
      case 'ExceptionGranted':
        exceptions = add(exceptions, exceptionOf(f as never));
        break;
    }
  }
  if (!proposal) return undefined;
  const p = proposal.data;
  const contract = signings ? signings[signings.length - 1] : null;
  const termEnd = extensions ? extensions[extensions.length - 1].newTermEnd : contract ? contract.termEnd : null;
  const dissolvedOn =
    groupDissolvedOn === undefined ? dissolutionOf(view, p.groupId, at) : typeof groupDissolvedOn === 'function' ? groupDissolvedOn(p.groupId) : groupDissolvedOn;
  let endedOn: IsoDay | null = exit ? exit.on : null;
  if (admission && dissolvedOn && (!endedOn || dissolvedOn < endedOn)) endedOn = dissolvedOn;
  const active = admission !== null && endedOn === null;
  const status: CooperationStatus = endedOn
    ? 'EXITED'
    : admission
      ? 'ACTIVE'
      : contract
        ? 'SIGNED'
        : approvals?.some((a) => a.decision === 'GRANTED')
          ? 'APPROVED'
          : 'PROPOSED';
  return {
    cooperationId,
    groupId: p.groupId,
    leadSchoolId: p.leadSchoolId,
    partnerSchoolId: p.partnerSchoolId,
    mode: p.mode,
    proposed: { on: proposal.on, eventId: proposal.eventId },
    status,
    consents: consents ?? EMPTY,
    approvals: approvals ?? EMPTY,
    drafts: drafts ?? EMPTY,
    reviews: reviews ?? EMPTY,
    signings: signings ?? EMPTY,
    contract,
    extensions: extensions ?? EMPTY,
    termEnd,
    admission,
    dispatches: dispatches ?? EMPTY,
    fees: fees ?? EMPTY,
    notices: notices ?? EMPTY,
    parentCommunications: parentCommunications ?? EMPTY,
    exit,
    exceptions: exceptions ?? EMPTY,
    active,
    endedOn,
  };
}

/**
 * The group at `at`. `cooperationOf` lets a caller that caches cooperation states (the rule
 * engine's StateCache) supply them instead of deriving them again.
 */
export function groupAt(
  view: LedgerView,
  groupId: string,
  at: ViewAt,
  cooperationOf?: (cooperationId: string) => CooperationView | undefined,
): GroupView | undefined {
  const facts = visibleFacts(view, 'group', groupId, at);
  let formed: D<{ name: string; leadSchoolId: string; spunOffFrom?: { groupId: string; leadSchoolId: string } }> | undefined;
  let dissolved: GroupView['dissolved'] = null;
  let charters: (Dated & { document: DocumentRef })[] | undefined;
  let developmentPlans: (Dated & { document: DocumentRef })[] | undefined;
  let jointExams: (Dated & { participants: string[]; title?: string })[] | undefined;
  let directPromotionPlans: (Dated & { enrolmentYear: number; quota: number })[] | undefined;
  let evaluations: (Dated & { period: string; scores: Record<string, number>; evaluator: string; report: DocumentRef })[] | undefined;
  let exceptions: ExceptionRecord[] | undefined;
  for (const f of facts) {
    const d = f.data as Record<string, never>;
    switch (f.type) {
      case 'JointExamHeld':
        jointExams = add(jointExams, { on: f.on, eventId: f.eventId, participants: d.participants ?? [], title: d.title });
        break;
      case 'GroupEvaluated':
        evaluations = add(evaluations, { on: f.on, eventId: f.eventId, period: d.period, scores: d.scores, evaluator: d.evaluator, report: d.report });
        break;
      case 'GroupFormed':
        if (!formed) formed = f as never;
        break;
      case 'GroupDissolved':
        if (!dissolved) dissolved = { on: f.on, eventId: f.eventId, reason: d.reason };
        break;
      case 'CharterAdopted':
        charters = add(charters, { on: f.on, eventId: f.eventId, document: d.document });
        break;
      case 'DevelopmentPlanAdopted':
        developmentPlans = add(developmentPlans, { on: f.on, eventId: f.eventId, document: d.document });
        break;
      case 'DirectPromotionPlanPublished':
        directPromotionPlans = add(directPromotionPlans, { on: f.on, eventId: f.eventId, enrolmentYear: d.enrolmentYear, quota: d.quota });
        break;
      case 'ExceptionGranted':
        exceptions = add(exceptions, exceptionOf(f as never));
        break;
    }
  }
  if (!formed) return undefined;
  const cooperationIds: string[] = [];
  const members: { schoolId: string; cooperationId: string; status: CooperationStatus; active: boolean }[] = [];
  const activePartners: { schoolId: string; cooperationId: string }[] = [];
  const dissolvedOn = dissolved ? dissolved.on : null;
  for (const cid of view.index.cooperationsByGroup.get(groupId) ?? []) {
    const c = cooperationOf ? cooperationOf(cid) : cooperationAt(view, cid, at, dissolvedOn);
    if (!c || c.groupId !== groupId) continue;
    cooperationIds.push(cid);
    if (c.admission) members.push({ schoolId: c.partnerSchoolId, cooperationId: cid, status: c.status, active: c.active });
    if (c.active) activePartners.push({ schoolId: c.partnerSchoolId, cooperationId: cid });
  }
  const fd = formed.data;
  return {
    groupId,
    name: fd.name,
    leadSchoolId: fd.leadSchoolId,
    spunOffFrom: fd.spunOffFrom,
    formed: { on: formed.on, eventId: formed.eventId },
    dissolved,
    charters: charters ?? EMPTY,
    developmentPlans: developmentPlans ?? EMPTY,
    jointExams: jointExams ?? EMPTY,
    directPromotionPlans: directPromotionPlans ?? EMPTY,
    evaluations: evaluations ?? EMPTY,
    exceptions: exceptions ?? EMPTY,
    cooperationIds,
    members,
    activePartners,
  };
}

/** A lead school's active partners per district and per stage, against R04 and R10. */
export interface LeadFootprint {
  readonly leadSchoolId: string;
  readonly asOf: IsoDay;
  readonly groupIds: readonly string[];
  readonly activePartners: readonly {
    schoolId: string;
    cooperationId: string;
    groupId: string;
    districtCode: string | null;
    stages: readonly Stage[];
    admittedOn: IsoDay;
    admissionEventId: string;
  }[];
  readonly perDistrict: Readonly<Record<string, number>>;
  readonly perStage: Readonly<Record<string, number>>;
  readonly limits: { readonly maxPartnersPerLead: number; readonly maxPartnersPerDistrict: number };
  /** R04: more active partners than `maxPartnersPerLead`. */
  readonly overPartnerLimit: boolean;
  /** R10: districts with more than one active partner. */
  readonly districtsOverLimit: readonly string[];
}

export function leadFootprintAt(
  view: LedgerView,
  leadSchoolId: string,
  at: ViewAt | IsoDay,
  limits: { maxPartnersPerLead: number; maxPartnersPerDistrict: number } = { maxPartnersPerLead: 10, maxPartnersPerDistrict: 1 },
): LeadFootprint {
  const viewAt: ViewAt = typeof at === 'string' ? { asOf: at } : at;
  const activePartners: LeadFootprint['activePartners'][number][] = [];
  const perDistrict: Record<string, number> = {};
  const perStage: Record<string, number> = {};
  const dissolution = dissolutionsAt(view, viewAt);
  for (const cid of view.index.cooperationsByLead.get(leadSchoolId) ?? []) {
    const c = cooperationAt(view, cid, viewAt, dissolution);
    if (!c || !c.active || c.leadSchoolId !== leadSchoolId || !c.admission) continue;
    const partner = schoolAt(view, c.partnerSchoolId, viewAt);
    const districtCode = partner ? partner.districtCode : null;
    const stages = partner ? partner.stages : [];
    activePartners.push({
      schoolId: c.partnerSchoolId,
      cooperationId: cid,
      groupId: c.groupId,
      districtCode,
      stages,
      admittedOn: c.admission.on,
      admissionEventId: c.admission.eventId,
    });
    if (districtCode) perDistrict[districtCode] = (perDistrict[districtCode] ?? 0) + 1;
    for (const s of stages) perStage[s] = (perStage[s] ?? 0) + 1;
  }
  activePartners.sort((a, b) => (a.admittedOn < b.admittedOn ? -1 : a.admittedOn > b.admittedOn ? 1 : a.cooperationId < b.cooperationId ? -1 : 1));
  const groupIds = (view.index.groupsByLead.get(leadSchoolId) ?? []).filter((g) => visibleFacts(view, 'group', g, viewAt).some((f) => f.type === 'GroupFormed'));
  return {
    leadSchoolId,
    asOf: viewAt.asOf,
    groupIds,
    activePartners,
    perDistrict,
    perStage,
    limits,
    overPartnerLimit: activePartners.length > limits.maxPartnersPerLead,
    districtsOverLimit: Object.keys(perDistrict)
      .filter((d) => perDistrict[d] > limits.maxPartnersPerDistrict)
      .sort(),
  };
}
