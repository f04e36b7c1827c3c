import type { LedgerCommandType } from '../deciders';
import { COMMAND_AGGREGATE, deciderFor } from '../deciders';
import { parseRecordedEvent } from '../schema/parse-recorded-event';
import { addYears, isIsoDay, isIsoInstant } from '../shared/calendar';
import type { CommandMetadata } from '../shared/command';
import { buildEventsToAppend } from '../shared/decider';
import type { RecordedDomainEvent } from '../shared/envelope';
import { streamIds } from '../shared/envelope';
import type {
  Actor,
  Authority,
  BrandElement,
  BrandPurpose,
  CooperationMode,
  DispatchDirection,
  DocumentRef,
  ExitReason,
  GovernanceField,
  IsoDay,
  IsoInstant,
  SubjectRef,
  TeacherRole,
} from '../shared/terms';
import { BRAND_ELEMENTS, CHANGSHA_DISTRICTS } from '../shared/terms';
import type { Applicant } from '../cooperation/cooperation.events';
import {
  CITY_BUREAU,
  CITY_GOVERNMENT,
  CONTRACT_DRAFT_KINDS,
  WELL_KNOWN_SCHOOLS,
  districtBureau,
  districtGovernment,
  doc,
  educationAuthorityOf,
  type SchoolProfile,
} from './changsha-schools';

/**
 * A fluent builder for readable histories (ADR 0014). Every step is a real command that goes
 * through the deciders, so a scenario cannot produce an impossible history; it yields
 * `RecordedDomainEvent[]` with deterministic ids, positions 1, 2, 3, …, revisions per stream,
 * `occurredOn` (set with `.on(day)`) and `recordedAt` (08:00Z on the valid day unless a step is
 * recorded late with `.recorded(…)`).
 *
 *   scenario()
 *     .school(YALI)
 *     .school(P1, { name: '湘潭某民办小学', ownership: 'PRIVATE', stages: ['PRIMARY'], districtCode: XIANGTAN_YUHU })
 *     .on('2021-03-01').formsGroup(YALI)
 *     .proposes(P1, { mode: 'ENTRUSTED_MANAGEMENT' })
 *     .consent().approval(CITY_BUREAU)
 *     .on('2021-04-01').signs({ years: 3 }).admits()
 *     .events();
 *
 * Write the steps in the order the ledger learned them: recording times never go backwards, so
 * a step whose default recording time would be earlier than the previous one is recorded at the
 * previous one's instant. A late step: `.on('2023-09-01').recorded('2024-01-10').admits()`.
 */
export interface ScenarioOptions {
  /** Mixed into the event ids so that two scenarios in one store do not collide. Default 0. */
  readonly seed?: number;
  /** Valid day of the steps before the first `.on(…)`. Default 2020-09-01. */
  readonly startOn?: IsoDay;
  /** Position of the first event. Default 1n (SQLite numbering). */
  readonly firstPosition?: bigint;
  readonly actor?: Actor;
}

export type SchoolOverrides = Partial<Omit<SchoolProfile, 'schoolId'>>;

interface GroupCursor {
  readonly groupId: string;
  readonly leadSchoolId: string;
}
interface CooperationCursor {
  readonly cooperationId: string;
  readonly groupId: string;
  readonly leadSchoolId: string;
  readonly partnerSchoolId: string;
}

/** One append of `Scenario.appendPlan()`. */
export interface ScenarioAppend {
  readonly streamId: string;
  readonly expectedRevision: bigint | 'no_stream';
  readonly events: Array<{ eventId: string; type: string; data: unknown; metadata: RecordedDomainEvent['metadata'] }>;
}

export const DEFAULT_SCENARIO_ACTOR: Actor = { id: 'recorder-city', role: 'recorder', jurisdiction: 'city' };

/** Deterministic UUID-shaped ids (version 4 layout) from a seed and a counter: never random. */
export function deterministicUuid(seed: number, n: number): string {
  const s = (seed >>> 0).toString(16).padStart(8, '0');
  return `${s}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/**
 * The approvals `.cooperates()` records, in order, by this builder's reading of §3.1 (R02):
 * a PRIVATE, outside-city or Sino-foreign partner needs CITY_BUREAU then CITY_GOVERNMENT; a
 * city-direct lead needs CITY_BUREAU (with the partner's district government as co-applicant
 * when the partner is a district school); a district lead needs its district's bureau.
 * The rule pack, not this helper, judges what is right.
 */
export function defaultApprovals(lead: SchoolProfile, partner: SchoolProfile): Array<{ authority: Authority; applicants: Applicant[] }> {
  const byLead: Applicant = { schoolId: lead.schoolId };
  if (partner.ownership === 'PRIVATE' || !partner.inChangsha || partner.sinoForeign || lead.sinoForeign) {
    return [
      { authority: CITY_BUREAU, applicants: [byLead] },
      { authority: CITY_GOVERNMENT, applicants: [byLead] },
    ];
  }
  if (lead.administration === 'CITY_DIRECT') {
    return partner.administration === 'CITY_DIRECT'
      ? [{ authority: CITY_BUREAU, applicants: [byLead] }]
      : [{ authority: CITY_BUREAU, applicants: [{ authority: districtGovernment(partner.districtCode) }, byLead] }];
  }
  return [{ authority: districtBureau(lead.districtCode), applicants: [byLead] }];
}

export class Scenario {
  private readonly log: RecordedDomainEvent[] = [];
  private readonly states = new Map<string, unknown>();
  private readonly revisions = new Map<string, bigint>();
  private readonly schools = new Map<string, SchoolProfile>();
  private readonly groups = new Map<string, GroupCursor>();
  private readonly cooperations = new Map<string, CooperationCursor>();
  private readonly labels = new Map<string, string>();
  private readonly seed: number;
  private readonly firstPosition: bigint;
  private eventCounter = 0;
  private groupCounter = 0;
  private cooperationCounter = 0;
  private documentCounter = 0;
  private teacherCounter = 0;
  private day: IsoDay;
  private actor: Actor;
  private nextRecordedAt?: IsoInstant;
  private lastRecordedAt?: IsoInstant;
  private currentGroup?: GroupCursor;
  private currentCooperation?: CooperationCursor;

  constructor(options: ScenarioOptions = {}) {
    this.seed = options.seed ?? 0;
    this.firstPosition = options.firstPosition ?? 1n;
    this.day = options.startOn ?? '2020-09-01';
    this.actor = options.actor ?? DEFAULT_SCENARIO_ACTOR;
  }

  // ---------------------------------------------------------------- time and actor

  /** The valid day of the following steps. */
  on(day: IsoDay): this {
    if (!isIsoDay(day)) throw new RangeError(`scenario.on: not an ISO day: ${day}`);
    this.day = day;
    return this;
  }

  /** Records the NEXT step late: at this instant, or at 08:00Z of this day. */
  recorded(at: IsoDay | IsoInstant): this {
    const instant = isIsoDay(at) ? `${at}T08:00:00.000Z` : at;
    if (!isIsoInstant(instant)) throw new RangeError(`scenario.recorded: not an ISO day or instant: ${at}`);
    this.nextRecordedAt = instant;
    return this;
  }

  /** The actor of the following steps. */
  by(actor: Actor): this {
    this.actor = actor;
    return this;
  }

  /** The current valid day. */
  get today(): IsoDay {
    return this.day;
  }

  // ---------------------------------------------------------------- schools

  /**
   * Registers a school: a well-known one by id alone, or any school with overrides. Defaults: a
   * public district primary school; the district is read from the id's first six digits when they
   * are a Changsha district (4301040009 → 岳麓区) or another Hunan division (4303020001 → 430302,
   * outside Changsha), else 岳麓区 430104; `inChangsha` follows the district code.
   */
  school(schoolId: string, overrides: SchoolOverrides = {}): this {
    const known = WELL_KNOWN_SCHOOLS[schoolId];
    const districtCode = overrides.districtCode ?? known?.districtCode ?? districtFromId(schoolId);
    const profile: SchoolProfile = {
      schoolId,
      name: overrides.name ?? known?.name ?? `学校${schoolId.slice(-4)}`,
      stages: overrides.stages ?? known?.stages ?? ['PRIMARY'],
      ownership: overrides.ownership ?? known?.ownership ?? 'PUBLIC',
      administration: overrides.administration ?? known?.administration ?? 'DISTRICT',
      districtCode,
      inChangsha: overrides.inChangsha ?? (known && overrides.districtCode === undefined ? known.inChangsha : districtCode.startsWith('4301')),
      sinoForeign: overrides.sinoForeign ?? known?.sinoForeign ?? false,
    };
    this.dispatch('RegisterSchool', profile);
    this.schools.set(schoolId, profile);
    return this;
  }

  /** 优质学校 designation. */
  designatesLead(schoolId: string, documentNo = this.documentNo('长教通')): this {
    return this.dispatch('DesignateLead', { schoolId, documentNo });
  }

  changesGovernance(schoolId: string, field: GovernanceField, options: { attributedToGroupId?: string; description?: string } = {}): this {
    return this.dispatch('RecordGovernanceChange', { schoolId, field, ...options });
  }

  establishesBranchCampus(schoolId: string, establishedBy: Authority, branchName = `${this.profile(schoolId).name}分校`): this {
    return this.dispatch('EstablishBranchCampus', { schoolId, branchName, establishedBy });
  }

  /** `schoolId` uses `owner`'s brand (default: every element, for GENERAL purposes). */
  usesBrand(schoolId: string, owner: string, options: { elements?: BrandElement[]; purpose?: BrandPurpose } = {}): this {
    return this.dispatch('RecordBrandUsage', {
      schoolId,
      brandOwnerSchoolId: owner,
      elements: options.elements ?? [...BRAND_ELEMENTS],
      purpose: options.purpose ?? 'GENERAL',
    });
  }

  withdrawsBrand(schoolId: string, owner: string, elements: BrandElement[] = [...BRAND_ELEMENTS]): this {
    return this.dispatch('WithdrawBrand', { schoolId, brandOwnerSchoolId: owner, elements });
  }

  // ---------------------------------------------------------------- groups

  /** Forms a group led by `lead` and makes it the current group. */
  formsGroup(lead: string, options: { groupId?: string; name?: string; spunOffFrom?: { groupId: string; leadSchoolId: string } } = {}): this {
    const groupId = options.groupId ?? `g${++this.groupCounter}`;
    const name = options.name ?? `${this.schools.get(lead)?.name ?? lead}教育集团`;
    this.dispatch('FormGroup', { groupId, name, leadSchoolId: lead, ...(options.spunOffFrom ? { spunOffFrom: options.spunOffFrom } : {}) });
    this.currentGroup = { groupId, leadSchoolId: lead };
    this.groups.set(groupId, this.currentGroup);
    return this;
  }

  /** Makes a group formed earlier the current one. */
  inGroup(groupId: string): this {
    this.currentGroup = this.requireGroup(groupId);
    return this;
  }

  adoptsCharter(document: DocumentRef = this.document('CHARTER')): this {
    return this.dispatch('AdoptCharter', { groupId: this.group().groupId, document });
  }

  adoptsDevelopmentPlan(document: DocumentRef = this.document('DEVELOPMENT_PLAN')): this {
    return this.dispatch('AdoptDevelopmentPlan', { groupId: this.group().groupId, document });
  }

  /** A unified joint exam; participants default to the lead and the partners proposed in the group. */
  holdsJointExam(participants?: string[], title?: string): this {
    const g = this.group();
    const all = participants ?? [g.leadSchoolId, ...[...this.cooperations.values()].filter((c) => c.groupId === g.groupId).map((c) => c.partnerSchoolId)];
    return this.dispatch('HoldJointExam', { groupId: g.groupId, participants: [...new Set(all)], ...(title !== undefined ? { title } : {}) });
  }

  publishesDirectPromotionPlan(enrolmentYear: number, quota = 50): this {
    return this.dispatch('PublishDirectPromotionPlan', { groupId: this.group().groupId, enrolmentYear, quota });
  }

  /** §4.2 evaluation; every score defaults to 80. */
  evaluated(period: string, options: { scores?: Partial<Record<'schoolDevelopment' | 'teacherDevelopment' | 'studentDevelopment' | 'socialRecognition' | 'developmentPotential', number>>; evaluator?: string } = {}): this {
    const s = options.scores ?? {};
    return this.dispatch('EvaluateGroup', {
      groupId: this.group().groupId,
      period,
      scores: {
        schoolDevelopment: s.schoolDevelopment ?? 80,
        teacherDevelopment: s.teacherDevelopment ?? 80,
        studentDevelopment: s.studentDevelopment ?? 80,
        socialRecognition: s.socialRecognition ?? 80,
        developmentPotential: s.developmentPotential ?? 80,
      },
      evaluator: options.evaluator ?? '长沙市教育督导评估组',
      report: this.document('EVALUATION_REPORT'),
    });
  }

  dissolves(reason?: string): this {
    return this.dispatch('DissolveGroup', { groupId: this.group().groupId, ...(reason !== undefined ? { reason } : {}) });
  }

  // ---------------------------------------------------------------- cooperations

  /** Proposes a cooperation of the current group's lead with `partner`; it becomes the current cooperation. Default mode PAIRED_ASSISTANCE. */
  proposes(partner: string, options: { mode?: CooperationMode; cooperationId?: string } = {}): this {
    const g = this.group();
    const cooperationId = options.cooperationId ?? `c${++this.cooperationCounter}`;
    this.dispatch('ProposeCooperation', {
      cooperationId,
      groupId: g.groupId,
      leadSchoolId: g.leadSchoolId,
      partnerSchoolId: partner,
      mode: options.mode ?? 'PAIRED_ASSISTANCE',
    });
    this.currentCooperation = { cooperationId, groupId: g.groupId, leadSchoolId: g.leadSchoolId, partnerSchoolId: partner };
    this.cooperations.set(cooperationId, this.currentCooperation);
    return this;
  }

  /** Makes a cooperation proposed earlier the current one (and its group the current group). */
  inCooperation(cooperationId: string): this {
    const c = this.cooperations.get(cooperationId);
    if (!c) throw new RangeError(`scenario: no cooperation ${cooperationId} was proposed in this scenario`);
    this.currentCooperation = c;
    this.currentGroup = this.requireGroup(c.groupId);
    return this;
  }

  /** §3.1 consent to negotiate (default: the city bureau). */
  consent(authority: Authority = CITY_BUREAU, documentNo = this.documentNo('长教函')): this {
    return this.dispatch('GrantNegotiationConsent', { cooperationId: this.cooperation().cooperationId, authority, documentNo });
  }

  /** An approval granted (default applicant: the lead school). */
  approval(authority: Authority = CITY_BUREAU, options: { applicants?: Applicant[]; documentNo?: string } = {}): this {
    const c = this.cooperation();
    return this.dispatch('RecordApprovalDecision', {
      cooperationId: c.cooperationId,
      decision: 'GRANTED',
      authority,
      documentNo: options.documentNo ?? this.documentNo('批复'),
      applicants: options.applicants ?? [{ schoolId: c.leadSchoolId }],
    });
  }

  approvalDenied(authority: Authority = CITY_BUREAU, options: { applicants?: Applicant[]; documentNo?: string; reason?: string } = {}): this {
    const c = this.cooperation();
    return this.dispatch('RecordApprovalDecision', {
      cooperationId: c.cooperationId,
      decision: 'DENIED',
      authority,
      documentNo: options.documentNo ?? this.documentNo('批复'),
      applicants: options.applicants ?? [{ schoolId: c.leadSchoolId }],
      ...(options.reason !== undefined ? { reason: options.reason } : {}),
    });
  }

  /** The contract draft with R03's six documents, minus `omit`. */
  submitsDraft(options: { omit?: DocumentRef['kind'][]; documents?: DocumentRef[] } = {}): this {
    const documents = options.documents ?? CONTRACT_DRAFT_KINDS.filter((k) => !(options.omit ?? []).includes(k)).map((k) => this.document(k));
    return this.dispatch('SubmitContractDraft', { cooperationId: this.cooperation().cooperationId, documents });
  }

  reviewApproved(documentNo = this.documentNo('合同审查')): this {
    return this.dispatch('ReviewContract', { cooperationId: this.cooperation().cooperationId, decision: 'APPROVED', documentNo });
  }

  reviewRejected(reason?: string, documentNo = this.documentNo('合同审查')): this {
    return this.dispatch('ReviewContract', {
      cooperationId: this.cooperation().cooperationId,
      decision: 'REJECTED',
      documentNo,
      ...(reason !== undefined ? { reason } : {}),
    });
  }

  /** Signs the contract: `termStart` defaults to today, `termEnd` to termStart + `years` (default 3). */
  signs(options: { termStart?: IsoDay; termEnd?: IsoDay; years?: number } = {}): this {
    const termStart = options.termStart ?? this.day;
    const termEnd = options.termEnd ?? addYears(termStart, options.years ?? 3);
    return this.dispatch('SignContract', { cooperationId: this.cooperation().cooperationId, contract: this.document('CONTRACT'), termStart, termEnd });
  }

  admits(): this {
    return this.dispatch('AdmitPartner', { cooperationId: this.cooperation().cooperationId });
  }

  /** A teacher dispatch (default: a key teacher, lead → partner). */
  dispatches(options: { role?: TeacherRole; direction?: DispatchDirection; teacherId?: string; until?: IsoDay } = {}): this {
    return this.dispatch('DispatchTeacher', {
      cooperationId: this.cooperation().cooperationId,
      teacherId: options.teacherId ?? `t${++this.teacherCounter}`,
      role: options.role ?? 'KEY_TEACHER',
      direction: options.direction ?? 'LEAD_TO_PARTNER',
      ...(options.until !== undefined ? { until: options.until } : {}),
    });
  }

  /** Amount in integer fen (分). */
  chargesFee(amountFen: number): this {
    return this.dispatch('ChargeCooperationFee', { cooperationId: this.cooperation().cooperationId, amountFen });
  }

  extends(newTermEnd: IsoDay, documentNo = this.documentNo('延期')): this {
    return this.dispatch('ExtendCooperation', { cooperationId: this.cooperation().cooperationId, newTermEnd, documentNo });
  }

  /** §4.1 notice; recipients default to the lead's education authority and the partner's local one (R19's "both"). */
  filesNotice(options: { recipients?: Authority[]; plan?: DocumentRef } = {}): this {
    const c = this.cooperation();
    const recipients = options.recipients ?? uniqueAuthorities([educationAuthorityOf(this.profile(c.leadSchoolId)), localAuthorityOf(this.profile(c.partnerSchoolId))]);
    return this.dispatch('FileTerminationNotice', { cooperationId: c.cooperationId, recipients, plan: options.plan ?? this.document('TERMINATION_PLAN') });
  }

  communicatesWithParents(summary?: string): this {
    return this.dispatch('RecordParentCommunication', { cooperationId: this.cooperation().cooperationId, ...(summary !== undefined ? { summary } : {}) });
  }

  exits(reason: ExitReason = 'EXPIRY'): this {
    return this.dispatch('ExitPartner', { cooperationId: this.cooperation().cooperationId, reason });
  }

  /**
   * The whole by-the-book path on today's day: propose, consent (city-direct lead), the approvals
   * of `defaultApprovals`, the six-document draft, review approval, signature and admission.
   */
  cooperates(partner: string, options: { mode?: CooperationMode; cooperationId?: string; years?: number } = {}): this {
    this.proposes(partner, options);
    const c = this.cooperation();
    const lead = this.profile(c.leadSchoolId);
    if (lead.administration === 'CITY_DIRECT') this.consent(CITY_BUREAU);
    for (const a of defaultApprovals(lead, this.profile(partner))) this.approval(a.authority, { applicants: a.applicants });
    return this.submitsDraft().reviewApproved().signs({ years: options.years ?? 3 }).admits();
  }

  // ---------------------------------------------------------------- any stream

  /** An exception to a warning rule, on `subject` (default: the current cooperation, else the current group). */
  grantsException(ruleId: string, options: { subject?: SubjectRef; authority?: Authority; reason?: string; until?: IsoDay; documentNo?: string } = {}): this {
    const subject = options.subject ?? (this.currentCooperation ? { type: 'cooperation' as const, id: this.currentCooperation.cooperationId } : { type: 'group' as const, id: this.group().groupId });
    return this.dispatch(
      'GrantException',
      {
        ruleId,
        authority: options.authority ?? CITY_BUREAU,
        documentNo: options.documentNo ?? this.documentNo('例外'),
        reason: options.reason ?? '经批准的例外 / approved exception',
        ...(options.until !== undefined ? { until: options.until } : {}),
      },
      streamIds[subject.type](subject.id),
    );
  }

  /** Retracts an event of this scenario (by id or by a label given with `.as(…)`). */
  retracts(eventIdOrLabel: string, reason = '录入错误 / recorded in error'): this {
    const eventId = this.labels.get(eventIdOrLabel) ?? eventIdOrLabel;
    const target = this.log.find((e) => e.eventId === eventId);
    if (!target) throw new RangeError(`scenario.retracts: no event ${eventIdOrLabel} in this scenario`);
    return this.dispatch('RetractEvent', { retractedEventId: eventId, reason }, target.streamId);
  }

  /** Any command, for what the named steps do not cover (`streamId` needed for GrantException and RetractEvent). */
  command(type: LedgerCommandType, data: Record<string, unknown>, streamId?: string): this {
    return this.dispatch(type, data, streamId);
  }

  // ---------------------------------------------------------------- labels and output

  /** Labels the last event, for `.retracts(label)` and `.eventId(label)`. */
  as(label: string): this {
    const last = this.log[this.log.length - 1];
    if (!last) throw new RangeError('scenario.as: no event yet');
    this.labels.set(label, last.eventId);
    return this;
  }

  eventId(label: string): string {
    const id = this.labels.get(label);
    if (id === undefined) throw new RangeError(`scenario.eventId: no label ${label}`);
    return id;
  }

  get lastEventId(): string {
    const last = this.log[this.log.length - 1];
    if (!last) throw new RangeError('scenario.lastEventId: no event yet');
    return last.eventId;
  }

  get lastEvent(): RecordedDomainEvent {
    const last = this.log[this.log.length - 1];
    if (!last) throw new RangeError('scenario.lastEvent: no event yet');
    return last;
  }

  /** The current group's and cooperation's ids (for assertions). */
  get groupId(): string {
    return this.group().groupId;
  }
  get cooperationId(): string {
    return this.cooperation().cooperationId;
  }

  /** Every event so far, in position order. */
  events(): RecordedDomainEvent[] {
    return [...this.log];
  }

  /**
   * The history as store appends, in position order: consecutive events of one stream form one
   * append with its expected revision (`'no_stream'` for a new stream). Appending them in order to
   * an empty store reproduces the scenario's positions (SQLite numbering) and revisions.
   */
  appendPlan(): ScenarioAppend[] {
    const plan: ScenarioAppend[] = [];
    for (const e of this.log) {
      const last = plan[plan.length - 1];
      const event = { eventId: e.eventId, type: e.type, data: e.data, metadata: e.metadata };
      if (last && last.streamId === e.streamId) {
        last.events.push(event);
      } else {
        plan.push({ streamId: e.streamId, expectedRevision: e.revision === 0n ? 'no_stream' : e.revision - 1n, events: [event] });
      }
    }
    return plan;
  }

  /** The events of one stream, in revision order. */
  stream(streamId: string): RecordedDomainEvent[] {
    return this.log.filter((e) => e.streamId === streamId);
  }

  /** The decider state of a stream (after every event so far). */
  stateOf(streamId: string): unknown {
    return this.states.get(streamId) ?? deciderFor(streamId).initialState();
  }

  /** The registered profile of a school of this scenario. */
  profile(schoolId: string): SchoolProfile {
    const p = this.schools.get(schoolId);
    if (!p) throw new RangeError(`scenario: school ${schoolId} is not registered in this scenario; add .school(${schoolId}, …) first`);
    return p;
  }

  // ---------------------------------------------------------------- internals

  private dispatch(type: LedgerCommandType, data: object, explicitStreamId?: string): this {
    const streamId = explicitStreamId ?? this.streamIdOf(type, data as Record<string, unknown>);
    const decider = deciderFor(streamId);
    const n = this.eventCounter + 1;
    const now = this.recordingInstant();
    const metadata: CommandMetadata = { now, occurredOn: this.day, actor: this.actor, correlationId: `scenario-${this.seed}-${n}` };
    const state = this.states.get(streamId) ?? decider.initialState();
    const decided = decider.decide({ type, data, metadata } as Parameters<typeof decider.decide>[0], state);
    const ids = decided.map((_, i) => deterministicUuid(this.seed, n + i));
    let next = state;
    for (const e of buildEventsToAppend(decided, metadata, ids)) {
      const revision = (this.revisions.get(streamId) ?? -1n) + 1n;
      const recorded = parseRecordedEvent({
        ...e,
        streamId,
        revision,
        position: this.firstPosition + BigInt(this.log.length),
      });
      this.revisions.set(streamId, revision);
      this.log.push(recorded);
      next = decider.evolve(next, recorded);
    }
    this.states.set(streamId, next);
    this.eventCounter += decided.length;
    this.lastRecordedAt = now;
    this.nextRecordedAt = undefined;
    return this;
  }

  private recordingInstant(): IsoInstant {
    const wanted = this.nextRecordedAt ?? `${this.day}T08:00:00.000Z`;
    if (this.lastRecordedAt === undefined || wanted >= this.lastRecordedAt) return wanted;
    if (this.nextRecordedAt !== undefined) {
      throw new RangeError(
        `scenario.recorded(${this.nextRecordedAt}) is earlier than the previous step's recording (${this.lastRecordedAt}); write the steps in the order the ledger learned them`,
      );
    }
    return this.lastRecordedAt;
  }

  private streamIdOf(type: LedgerCommandType, data: Record<string, unknown>): string {
    switch (COMMAND_AGGREGATE[type]) {
      case 'school':
        return streamIds.school(String(data.schoolId));
      case 'group':
        return streamIds.group(String(data.groupId));
      case 'cooperation':
        return streamIds.cooperation(String(data.cooperationId));
      default:
        throw new RangeError(`scenario.command(${type}): pass the stream id`);
    }
  }

  private group(): GroupCursor {
    if (!this.currentGroup) throw new RangeError('scenario: no current group; call .formsGroup(lead) or .inGroup(id) first');
    return this.currentGroup;
  }

  private requireGroup(groupId: string): GroupCursor {
    const g = this.groups.get(groupId);
    if (!g) throw new RangeError(`scenario: no group ${groupId} was formed in this scenario`);
    return g;
  }

  private cooperation(): CooperationCursor {
    if (!this.currentCooperation) throw new RangeError('scenario: no current cooperation; call .proposes(partner) or .inCooperation(id) first');
    return this.currentCooperation;
  }

  private document(kind: DocumentRef['kind']): DocumentRef {
    return doc(kind, (this.seed >>> 0) * 0x100000 + ++this.documentCounter);
  }

  private documentNo(prefix: string): string {
    return `${prefix}〔${this.day.slice(0, 4)}〕${++this.documentCounter}号`;
  }
}

function districtFromId(schoolId: string): string {
  const prefix = schoolId.slice(0, 6);
  if (CHANGSHA_DISTRICTS[prefix] !== undefined) return prefix;
  return /^43(?!01)\d{4}$/.test(prefix) ? prefix : '430104';
}

function localAuthorityOf(school: SchoolProfile): Authority {
  return school.inChangsha ? districtBureau(school.districtCode) : { kind: 'OTHER', name: `${school.districtCode} 教育局` };
}

function uniqueAuthorities(list: Authority[]): Authority[] {
  const seen = new Set<string>();
  return list.filter((a) => {
    const k = JSON.stringify([a.kind, a.districtCode ?? null, a.name ?? null]);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Starts a scenario. */
export function scenario(options?: ScenarioOptions): Scenario {
  return new Scenario(options);
}
