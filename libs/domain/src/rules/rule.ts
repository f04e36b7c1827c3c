import type { Finding, Severity } from '../shared/finding';
import type { Authority, IsoDay, SubjectRef, SubjectType } from '../shared/terms';
import type { LedgerView, ViewAt } from '../views/ledger-view';
import type { CooperationView, GroupView, LeadFootprint, SchoolView } from '../views/states';
import { cooperationOfFacts, dissolutionsAt, groupAt, leadFootprintAt, schoolAt } from '../views/states';

/** Every parameter of the pack (POLICY.md), with the defaults in `DEFAULT_PARAMETERS`. */
export interface RuleParameters {
  /** R04 每所优质学校集团化办学规模应控制在 10 所左右 */
  readonly maxPartnersPerLead: number;
  /** R10 同一区县（市）限设一所合作学校 */
  readonly maxPartnersPerDistrict: number;
  /** R08 leads (school names or ids) whose cross-stage cooperation is suspended. */
  readonly crossStageSuspendedLeads: readonly string[];
  /** R09 the day by which middle-school-managed primaries must have exited. */
  readonly primaryExitDeadline: IsoDay;
  /** R13 */
  readonly maxJointExamsPerYear: number;
  /** R15 */
  readonly charterGraceDays: number;
  /** R16 the first enrolment year without direct promotion plans. */
  readonly directPromotionCancelledFromYear: number;
  /** R17 */
  readonly termYears: number;
  /** R18 */
  readonly maxExtensionYears: number;
  /** R19 */
  readonly noticeMonths: number;
  /** R25 (the text sets no period; this pack's default) */
  readonly brandWithdrawalDays: number;
  /**
   * R02 for a lead that is a district school: the approvals required, in order. Undefined means
   * the default reading: the lead's own DISTRICT_BUREAU. Set per district in `districtOverrides`.
   */
  readonly districtLeadApprovals?: readonly Authority[];
}

export const DEFAULT_PARAMETERS: RuleParameters = {
  maxPartnersPerLead: 10,
  maxPartnersPerDistrict: 1,
  crossStageSuspendedLeads: ['长郡中学', '雅礼中学'],
  primaryExitDeadline: '2021-12-31',
  maxJointExamsPerYear: 1,
  charterGraceDays: 180,
  directPromotionCancelledFromYear: 2021,
  termYears: 6,
  maxExtensionYears: 6,
  noticeMonths: 6,
  brandWithdrawalDays: 90,
};

/** The day the policy (长教通〔2020〕97号) takes effect: nothing earlier is judged. */
export const POLICY_EFFECTIVE_FROM: IsoDay = '2021-01-01';

export interface RuleMessages {
  /** Templates; `{name}` placeholders are filled from the finding's variables. */
  readonly zh: string;
  readonly en: string;
}

export interface Rule {
  readonly id: string;
  readonly name: string;
  /** The clause quoted from POLICY.md with its §. */
  readonly clause: string;
  readonly severity: Severity;
  /** Which subjects the rule judges; its findings are about such a subject. */
  readonly subjectType: SubjectType;
  /** The parameters the rule reads, with their POLICY.md defaults. */
  readonly parameters: Partial<RuleParameters>;
  readonly effectiveFrom: IsoDay;
  readonly messages: RuleMessages;
  /** The rule's findings about `ctx.subject`; read-only (most answers are the shared NO_FINDINGS). */
  evaluate(ctx: RuleContext): readonly Finding[];
}

/**
 * The answer of a rule that finds nothing: one shared, frozen empty list, so that the ~400,000
 * rule calls of a city-wide evaluation that find nothing allocate nothing (ADR 0110).
 */
export const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

const NO_COOPERATIONS: readonly CooperationView[] = Object.freeze([]);
const NO_GROUPS: readonly GroupView[] = Object.freeze([]);

/** Memoised derived states for one evaluation (one `at`). `null` marks a subject with no state. */
export class StateCache {
  private readonly schools = new Map<string, SchoolView | null>();
  private readonly groups = new Map<string, GroupView | null>();
  private readonly cooperations = new Map<string, CooperationView | null>();
  private readonly footprints = new Map<string, LeadFootprint>();
  private lastPartiesId: string | undefined = undefined;
  private lastLedById: string | undefined = undefined;
  private lastLedBy: readonly CooperationView[] | undefined = undefined;
  private lastParties: { c: CooperationView; lead: SchoolView; partner: SchoolView } | undefined = undefined;
  private readonly cooperationOf = (cid: string): CooperationView | undefined => this.cooperation(cid);

  /**
   * A group's dissolution day at `at` (kept across `release`: the cooperations of one group ask for it
   * in turn), for the group of the cooperation's proposal that counts at `at`: before, the state cache
   * took the group of the first proposal recorded, retracted or not, and a cooperation proposed again
   * in another group after a retraction could end with the first group's dissolution (ADR 0180).
   */
  private readonly dissolutionOfGroup: (groupId: string) => IsoDay | null;

  constructor(
    readonly view: LedgerView,
    readonly at: ViewAt,
  ) {
    this.dissolutionOfGroup = dissolutionsAt(view, at);
  }

  // One Map lookup on a hit (get, then undefined → derive), not has + get.
  school(id: string): SchoolView | undefined {
    let s = this.schools.get(id);
    if (s === undefined) {
      s = schoolAt(this.view, id, this.at) ?? null;
      this.schools.set(id, s);
    }
    return s ?? undefined;
  }

  group(id: string): GroupView | undefined {
    let g = this.groups.get(id);
    if (g === undefined) {
      g = groupAt(this.view, id, this.at, this.cooperationOf) ?? null;
      this.groups.set(id, g);
    }
    return g ?? undefined;
  }

  cooperation(id: string): CooperationView | undefined {
    let c = this.cooperations.get(id);
    if (c === undefined) {
      const facts = this.view.cooperations.get(id);
      c = (facts ? cooperationOfFacts(this.view, id, facts, this.at, this.dissolutionOfGroup) : undefined) ?? null;
      this.cooperations.set(id, c);
    }
    return c ?? undefined;
  }

  /**
   * Drops the derived states (dissolution days are kept): the city-wide evaluation calls it after
   * each lead school's batch so that the states die young (ADR 0110). A later read derives them
   * again, identically.
   */
  release(): void {
    // `clear` allocates a new table even for an empty map (footprints, most leads' groups): only
    // maps that hold something are cleared (ADR 0107).
    if (this.schools.size) this.schools.clear();
    if (this.cooperations.size) this.cooperations.clear();
    if (this.groups.size) this.groups.clear();
    if (this.footprints.size) this.footprints.clear();
    this.lastPartiesId = undefined;
    this.lastParties = undefined;
    this.lastLedById = undefined;
    this.lastLedBy = undefined;
  }

  /**
   * A cooperation with its lead and partner states, or undefined when one is missing. The last
   * answer is kept: the cooperation rules of one subject ask for it one after another.
   */
  parties(cooperationId: string): { c: CooperationView; lead: SchoolView; partner: SchoolView } | undefined {
    if (cooperationId === this.lastPartiesId) return this.lastParties;
    const c = this.cooperation(cooperationId);
    let parties: { c: CooperationView; lead: SchoolView; partner: SchoolView } | undefined;
    if (c) {
      const lead = this.school(c.leadSchoolId);
      const partner = this.school(c.partnerSchoolId);
      if (lead && partner) parties = { c, lead, partner };
    }
    this.lastPartiesId = cooperationId;
    this.lastParties = parties;
    return parties;
  }

  footprint(leadSchoolId: string): LeadFootprint {
    let f = this.footprints.get(leadSchoolId);
    if (!f) {
      f = leadFootprintAt(this.view, leadSchoolId, this.at);
      this.footprints.set(leadSchoolId, f);
    }
    return f;
  }

  /**
   * Cooperations (derived) of a lead / of a partner school; a school that leads or joins none (most
   * of them) costs one index lookup and gets a shared empty list. The last lead's list is kept
   * (R04 and R10 read it one after the other). Read-only.
   */
  cooperationsLedBy(schoolId: string): readonly CooperationView[] {
    // The last school's answer first, also when it leads nothing (R04 then R10 ask for every
    // school, most of which lead nothing): one index look-up per school, not two.
    if (schoolId === this.lastLedById && this.lastLedBy) return this.lastLedBy;
    const ids = this.view.index.cooperationsByLead.get(schoolId);
    if (!ids) {
      this.lastLedById = schoolId;
      this.lastLedBy = NO_COOPERATIONS;
      return NO_COOPERATIONS;
    }
    const out = this.list(ids).filter((c) => c.leadSchoolId === schoolId);
    this.lastLedById = schoolId;
    this.lastLedBy = out;
    return out;
  }

  cooperationsAsPartner(schoolId: string): readonly CooperationView[] {
    const ids = this.view.index.cooperationsByPartner.get(schoolId);
    if (!ids) return NO_COOPERATIONS;
    return this.list(ids).filter((c) => c.partnerSchoolId === schoolId);
  }

  groupsLedBy(schoolId: string): readonly GroupView[] {
    const ids = this.view.index.groupsByLead.get(schoolId);
    if (!ids) return NO_GROUPS;
    const out: GroupView[] = [];
    for (const g of ids) {
      const s = this.group(g);
      if (s && s.leadSchoolId === schoolId) out.push(s);
    }
    return out;
  }

  private list(ids: readonly string[] | undefined): CooperationView[] {
    const out: CooperationView[] = [];
    if (!ids) return out;
    for (let i = 0; i < ids.length; i++) {
      const c = this.cooperation(ids[i]);
      if (c) out.push(c);
    }
    return out;
  }
}

export interface RuleContext {
  readonly view: LedgerView;
  readonly at: ViewAt;
  readonly asOf: IsoDay;
  readonly subject: SubjectRef;
  /** The pack's parameters, with the subject's district overrides applied. */
  readonly params: RuleParameters;
  readonly states: StateCache;
}

export interface BreachInput {
  /** The valid day the breach holds from (clipped to the rule's effective date). */
  readonly since: IsoDay;
  readonly evidence: readonly (string | undefined | null)[];
  /** The day the breach ended, if it ended on or before asOf. */
  readonly resolvedOn?: IsoDay | null;
  readonly vars?: Record<string, string | number>;
}

const compiled = new Map<string, string[]>();

/** Fill `{name}` placeholders. Templates are split once (odd parts are names) and cached. */
export function fill(template: string, vars: Record<string, string | number> = {}): string {
  let parts = compiled.get(template);
  if (!parts) {
    parts = template.split(/\{(\w+)\}/);
    compiled.set(template, parts);
  }
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i];
    out += (k in vars ? String(vars[k]) : `{${k}}`) + parts[i + 1];
  }
  return out;
}

/**
 * A finding of `rule` about `ctx.subject`, or undefined when the breach is not judged at asOf:
 * it starts after asOf, or it ended before the rule took effect (breaches before 2021-01-01 are
 * judged by no rule; a state that persists past that day is judged from that day).
 */
export function breach(rule: Rule, ctx: RuleContext, input: BreachInput): Finding | undefined {
  const since = judgedFrom(rule, input.since);
  if (since > ctx.asOf) return undefined;
  const clipped = since !== input.since;
  const resolvedOn = input.resolvedOn && input.resolvedOn <= ctx.asOf ? input.resolvedOn : undefined;
  // A breach remedied the day it began (a notice one day late) is kept, as RESOLVED; one that
  // ended before the rule took effect is not judged.
  if (resolvedOn !== undefined && (resolvedOn < since || (clipped && resolvedOn <= since))) return undefined;
  const evidence = distinctEvidence(input.evidence);
  // Built in one literal (no spread); `resolvedOn` is added last, as the spread did.
  const finding: { -readonly [K in keyof Finding]: Finding[K] } = {
    ruleId: rule.id,
    severity: rule.severity,
    subject: { type: ctx.subject.type, id: ctx.subject.id },
    clause: rule.clause,
    message: { zh: fill(rule.messages.zh, input.vars), en: fill(rule.messages.en, input.vars) },
    since,
    evidence,
    status: resolvedOn ? 'RESOLVED' : 'OPEN',
  };
  if (resolvedOn) finding.resolvedOn = resolvedOn;
  return finding;
}

/** Evidence lists longer than this are de-duplicated through a `Set`, shorter ones by scanning. */
const EVIDENCE_SCANNED = 16;

/**
 * The strings of `evidence`, each once, in the order they first occur. Scanning the list for each
 * id is quadratic: a group that held 1,000 joint exams in a year (R13 cites them all) cost ~2 ms a
 * finding, paid again on every event of the group and twice per entry of its history (ADR 0164).
 * Most findings cite one to a few events, where the scan is cheaper than a `Set`.
 */
export function distinctEvidence(evidence: readonly (string | undefined | null)[]): string[] {
  const out: string[] = [];
  if (evidence.length <= EVIDENCE_SCANNED) {
    for (let i = 0; i < evidence.length; i++) {
      const e = evidence[i];
      if (typeof e === 'string' && !out.includes(e)) out.push(e);
    }
    return out;
  }
  const seen = new Set<string>();
  for (let i = 0; i < evidence.length; i++) {
    const e = evidence[i];
    if (typeof e === 'string' && !seen.has(e)) {
      seen.add(e);
      out.push(e);
    }
  }
  return out;
}

/**
 * Whether a breach from `since` begins after asOf, i.e. `breach(rule, ctx, { since, … })` is
 * undefined whatever the rest of its input: a rule checks it before building that input (a term
 * end or a notice due date still to come, most of R19's and R20's segments; ADR 0112).
 */
export function startsAfter(rule: Rule, since: IsoDay, asOf: IsoDay): boolean {
  return judgedFrom(rule, since) > asOf;
}

/** The day a breach from `since` is judged from: `since`, or the rule's first day if later. */
function judgedFrom(rule: Rule, since: IsoDay): IsoDay {
  return since < rule.effectiveFrom ? rule.effectiveFrom : since;
}

/** Push a finding if defined. */
export function push(out: Finding[], f: Finding | undefined): void {
  if (f) out.push(f);
}

/** The first day ≥ `from` in the list of dated things, or null. */
export function firstOnOrAfter<T extends { on: IsoDay }>(items: readonly T[], from: IsoDay, pred: (t: T) => boolean = () => true): T | null {
  for (const i of items) if (i.on >= from && pred(i)) return i;
  return null;
}

/** Whether two authorities are the same office. */
export function sameAuthority(a: Authority, b: Authority): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'DISTRICT_BUREAU' || a.kind === 'DISTRICT_GOVERNMENT') return a.districtCode === b.districtCode;
  if (a.kind === 'OTHER') return (a.name ?? '') === (b.name ?? '') || a.districtCode === b.districtCode;
  return true;
}

export function describeAuthority(a: Authority): { zh: string; en: string } {
  switch (a.kind) {
    case 'CITY_BUREAU':
      return { zh: '市教育局', en: 'the city education bureau' };
    case 'CITY_GOVERNMENT':
      return { zh: '市人民政府', en: 'the city government' };
    case 'DISTRICT_BUREAU':
      return { zh: `区县（市）教育局(${a.districtCode ?? '?'})`, en: `the district education bureau (${a.districtCode ?? '?'})` };
    case 'DISTRICT_GOVERNMENT':
      return { zh: `区县（市）人民政府(${a.districtCode ?? '?'})`, en: `the district government (${a.districtCode ?? '?'})` };
    default:
      return { zh: a.name ?? '其他机关', en: a.name ?? 'another authority' };
  }
}

/**
 * Intervals during which a counted quantity exceeds a limit, from (day, delta) changes.
 * Changes on the same day are netted before comparing (an exit and an admission on one day).
 */
export function overLimitIntervals(
  changes: readonly { on: IsoDay; delta: number; eventId: string }[],
  limit: number,
): { since: IsoDay; until: IsoDay | null; evidence: string[] }[] {
  // The count never exceeds the limit when all the increases together do not (most leads, most
  // districts): nothing to sort or scan.
  let increases = 0;
  let ordered = true;
  for (let k = 0; k < changes.length; k++) {
    if (changes[k].delta > 0) increases += changes[k].delta;
    if (k > 0 && changes[k - 1].on > changes[k].on) ordered = false;
  }
  const out: { since: IsoDay; until: IsoDay | null; evidence: string[] }[] = [];
  if (increases <= limit) return out;
  // A stable sort leaves day-ordered changes as they are.
  const sorted = ordered ? changes : [...changes].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  let count = 0;
  let open: { since: IsoDay; until: IsoDay | null; evidence: string[] } | null = null;
  let i = 0;
  while (i < sorted.length) {
    const day = sorted[i].on;
    const ids: string[] = [];
    while (i < sorted.length && sorted[i].on === day) {
      count += sorted[i].delta;
      if (sorted[i].delta > 0) ids.push(sorted[i].eventId);
      i++;
    }
    if (count > limit && !open) {
      open = { since: day, until: null, evidence: ids };
      out.push(open);
    } else if (count <= limit && open) {
      open.until = day;
      open = null;
    } else if (open) open.evidence.push(...ids);
  }
  return out;
}

/** Event-based rules judge only events that took effect on or after the rule's effective date. */
export function inForce(rule: Rule, day: IsoDay): boolean {
  return day >= rule.effectiveFrom;
}

/** Shared context lookups for cooperation rules. */
export function cooperationParties(ctx: RuleContext): { c: CooperationView; lead: SchoolView; partner: SchoolView } | undefined {
  return ctx.states.parties(ctx.subject.id);
}

export function sharesStage(a: SchoolView, b: SchoolView): boolean {
  return a.stages.some((s) => b.stages.includes(s));
}

/**
 * The brand usages of `owner`'s brand by a school, each with the day all its elements were
 * withdrawn (a withdrawal of the same owner's elements on or after the usage), or null.
 */
export function brandUsagesOf(
  school: SchoolView,
  ownerSchoolId: string,
): { usage: SchoolView['brandUsages'][number]; withdrawnOn: IsoDay | null; withdrawalEventIds: string[] }[] {
  const out: { usage: SchoolView['brandUsages'][number]; withdrawnOn: IsoDay | null; withdrawalEventIds: string[] }[] = [];
  for (let i = 0; i < school.brandUsages.length; i++) {
    const usage = school.brandUsages[i];
    if (usage.brandOwnerSchoolId !== ownerSchoolId) continue;
    const pending = new Set(usage.elements);
    let withdrawnOn: IsoDay | null = null;
    const ids: string[] = [];
    for (let k = 0; k < school.brandWithdrawals.length; k++) {
      const w = school.brandWithdrawals[k];
      if (w.brandOwnerSchoolId !== ownerSchoolId || w.on < usage.on) continue;
      let hit = false;
      for (const e of w.elements) hit = pending.delete(e) || hit;
      if (hit) ids.push(w.eventId);
      if (pending.size === 0) {
        withdrawnOn = w.on;
        break;
      }
    }
    out.push({ usage, withdrawnOn, withdrawalEventIds: ids });
  }
  return out;
}
