import type { Actor, Authority, CooperationMode, DocumentKind, DocumentRef, EventMetadata, IsoDay, LedgerEvent, Ownership, Stage } from '@ledger/domain';
import type { EventToAppend, Json } from '@ledger/event-store';
import { DISTRICTS, FAMOUS_LEADS, OUTSIDE, PARTNER_KINDS, type LeadSeed } from './changsha';
import { Prng } from './prng';

/**
 * The demo ledger: Changsha's education groups from 2019 to "today", with a realistic share of
 * breaches of the rule pack (violations and warnings over many distinct rules), late-recorded
 * events, exceptions and a few retractions. Deterministic for a given seed and today.
 *
 * Events are built from the catalogue types directly (not through the deciders): the demo must
 * be able to record breaches that a decider would refuse, the way a real ledger records them
 * when they happened outside it.
 */
export interface DemoOptions {
  readonly groups: number;
  readonly today: IsoDay;
  readonly seed?: number;
  /** Groups per generation: events of one generation are sorted by recording time. */
  readonly generationSize?: number;
}

export interface DemoEvent {
  readonly streamId: string;
  readonly event: EventToAppend;
}

interface School {
  id: string;
  name: string;
  stages: readonly Stage[];
  ownership: Ownership;
  administration: 'CITY_DIRECT' | 'DISTRICT';
  districtCode: string;
  inChangsha: boolean;
}

interface Pending {
  streamId: string;
  recordedAt: string;
  seq: number;
  event: EventToAppend;
}

type Flaw =
  | 'R01' | 'R02' | 'R03' | 'R05' | 'R06' | 'R07' | 'R08' | 'R09' | 'R10' | 'R12' | 'R17' | 'R18' | 'R19' | 'R20' | 'R23' | 'R25' | 'R26';
const COOP_FLAWS: readonly Flaw[] = ['R01', 'R02', 'R03', 'R05', 'R06', 'R07', 'R08', 'R09', 'R10', 'R12', 'R17', 'R18', 'R19', 'R20', 'R23', 'R25', 'R26'];
const DAY = 86_400_000;
const toDay = (ms: number): IsoDay => new Date(ms).toISOString().slice(0, 10);
const fromDay = (d: IsoDay): number => Date.parse(`${d}T00:00:00Z`);
const addDays = (d: IsoDay, n: number): IsoDay => toDay(fromDay(d) + n * DAY);
const addYears = (d: IsoDay, n: number): IsoDay => `${Number(d.slice(0, 4)) + n}${d.slice(4)}`.replace('-02-29', '-02-28');

const CITY_BUREAU: Authority = { kind: 'CITY_BUREAU' };
const CITY_GOVERNMENT: Authority = { kind: 'CITY_GOVERNMENT' };

export class DemoGenerator {
  private readonly rng: Prng;
  private readonly today: IsoDay;
  private readonly todayMs: number;
  private seq = 0;
  private schoolSeq = new Map<string, number>();
  private usedNames = new Set<string>();
  private pending: Pending[] = [];
  /** Per stream: the last recording instant (a stream is recorded in order). */
  private streamClock = new Map<string, number>();
  private leads: Array<{ school: School; seed: LeadSeed; groups: number; districts: Set<string> }> = [];
  private docSeq = 0;
  private readonly cityActor: Actor = { id: 'recorder-city-01', role: 'recorder', jurisdiction: 'city' };
  private readonly adminActor: Actor = { id: 'admin-01', role: 'admin' };
  private flawCursor = 0;

  constructor(private readonly options: DemoOptions) {
    this.rng = new Prng(options.seed ?? 20201208);
    this.today = options.today;
    this.todayMs = fromDay(options.today) + 8 * 3_600_000;
  }

  /** Yields the events in batches (one generation of groups each), in recording order within a batch. */
  *batches(): Generator<DemoEvent[]> {
    const size = this.options.generationSize ?? 200;
    for (let done = 0; done < this.options.groups; done += size) {
      const n = Math.min(size, this.options.groups - done);
      for (let i = 0; i < n; i++) this.group(done + i);
      yield this.flush();
    }
  }

  /** All events at once (small demos and tests). */
  all(): DemoEvent[] {
    const out: DemoEvent[] = [];
    for (const b of this.batches()) out.push(...b);
    return out;
  }

  private flush(): DemoEvent[] {
    const list = this.pending.sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : a.seq - b.seq));
    this.pending = [];
    return list.map((p) => ({ streamId: p.streamId, event: p.event }));
  }

  // ---------------------------------------------------------------- recording

  private emit(streamId: string, occurredOn: IsoDay, e: LedgerEvent, actor: Actor, lateDays = 0): string {
    if (occurredOn > this.today) return '';
    const eventId = this.rng.uuid();
    // Recorders enter a fact within a few days, in office hours (Beijing time) — sometimes much later.
    let at = fromDay(occurredOn) + (lateDays + this.rng.int(0, 3)) * DAY + (1 + this.rng.int(0, 8)) * 3_600_000 + this.rng.int(0, 3599) * 1000;
    const last = this.streamClock.get(streamId) ?? 0;
    if (at <= last) at = last + 60_000;
    if (at > this.todayMs) at = Math.max(last + 1000, this.todayMs - this.rng.int(1, 3600) * 1000);
    this.streamClock.set(streamId, at);
    const recordedAt = new Date(at).toISOString();
    const metadata: EventMetadata = { schemaVersion: 1, occurredOn, recordedAt, actor, correlationId: this.rng.uuid() };
    this.pending.push({
      streamId,
      recordedAt,
      seq: this.seq++,
      event: { eventId, type: e.type, data: e.data as unknown as Json, metadata: metadata as unknown as Json },
    });
    return eventId;
  }

  private late(): number {
    return this.rng.chance(0.06) ? this.rng.int(30, 200) : 0;
  }

  private doc(kind: DocumentKind, title: string): DocumentRef {
    this.docSeq += 1;
    return { kind, sha256: this.rng.hex(64), title };
  }

  private actorFor(s: School): Actor {
    return s.administration === 'CITY_DIRECT' || !s.inChangsha
      ? this.cityActor
      : { id: `recorder-${s.districtCode}-01`, role: 'recorder', jurisdiction: s.districtCode };
  }

  // ---------------------------------------------------------------- schools

  private schoolId(code: string): string {
    const n = (this.schoolSeq.get(code) ?? 0) + 1;
    this.schoolSeq.set(code, n);
    // 2 + a block digit (1–9, 9,999 schools each) + the division's last four digits + a 4-digit number.
    return `2${1 + Math.floor((n - 1) / 9999)}${code.slice(2)}${String(((n - 1) % 9999) + 1).padStart(4, '0')}`;
  }

  private register(s: School, on: IsoDay): void {
    this.emit(`school-${s.id}`, on, {
      type: 'SchoolRegistered',
      data: {
        schoolId: s.id,
        name: s.name,
        stages: [...s.stages],
        ownership: s.ownership,
        administration: s.administration,
        districtCode: s.districtCode,
        inChangsha: s.inChangsha,
        sinoForeign: false,
      },
    }, this.actorFor(s));
  }

  private leadFor(index: number): (typeof this.leads)[number] {
    // The famous leads first; after them, new district leads; a lead leads up to three groups.
    const famous = FAMOUS_LEADS[index % FAMOUS_LEADS.length];
    const reuse = this.leads.find((l) => l.seed === famous && l.groups < 3);
    if (index < FAMOUS_LEADS.length * 2 && (reuse || !this.leads.some((l) => l.seed === famous))) {
      if (reuse) return reuse;
      return this.newLead(famous);
    }
    const d = this.rng.pick(DISTRICTS);
    const kind = this.rng.pick(PARTNER_KINDS.filter((k) => k.ownership === 'PUBLIC' && k.suffix !== '幼儿园'));
    const name = this.uniqueName(`${d.prefix}${this.rng.pick(d.places)}`, kind.suffix);
    return this.newLead({ name, brand: name.replace(d.prefix, ''), stages: kind.stages, administration: 'DISTRICT', districtCode: d.code });
  }

  private newLead(seed: LeadSeed): (typeof this.leads)[number] {
    const school: School = {
      id: this.schoolId(seed.administration === 'CITY_DIRECT' ? '430100' : seed.districtCode),
      name: seed.name,
      stages: seed.stages,
      ownership: 'PUBLIC',
      administration: seed.administration,
      districtCode: seed.districtCode,
      inChangsha: true,
    };
    this.usedNames.add(seed.name);
    const on = `2019-0${this.rng.int(1, 2)}-${String(this.rng.int(10, 28)).padStart(2, '0')}`;
    this.register(school, on);
    this.emit(`school-${school.id}`, addDays(on, this.rng.int(5, 40)), {
      type: 'SchoolDesignatedLead',
      data: { schoolId: school.id, documentNo: `长教通〔2019〕${this.rng.int(10, 99)}号` },
    }, this.cityActor);
    const lead = { school, seed, groups: 0, districts: new Set<string>() };
    this.leads.push(lead);
    return lead;
  }

  private uniqueName(base: string, suffix: string): string {
    let name = `${base}${suffix}`;
    for (let i = 2; this.usedNames.has(name) && i <= 10; i++) name = `${base}第${'一二三四五六七八九十'[i - 1]}${suffix}`;
    if (this.usedNames.has(name)) name = `${base}第${this.usedNames.size}${suffix}`;
    this.usedNames.add(name);
    return name;
  }

  private partnerSchool(opts: { code?: string; outside?: boolean; stages?: readonly Stage[]; ownership?: Ownership; notCodes?: Set<string>; leadStages: readonly Stage[] }): School {
    let code: string;
    let prefix: string;
    let places: readonly string[];
    if (opts.outside) {
      const o = this.rng.pick(OUTSIDE);
      [code, prefix, places] = [o.code, o.prefix, o.places];
    } else {
      const candidates = DISTRICTS.filter((d) => (opts.code ? d.code === opts.code : !opts.notCodes?.has(d.code)));
      const d = candidates.length > 0 ? this.rng.pick(candidates) : this.rng.pick(DISTRICTS);
      [code, prefix, places] = [d.code, d.prefix, d.places];
    }
    const kinds = PARTNER_KINDS.filter(
      (k) =>
        (opts.ownership ? k.ownership === opts.ownership : k.ownership === 'PUBLIC') &&
        (opts.stages ? k.stages.join() === opts.stages.join() : k.stages.some((s) => opts.leadStages.includes(s))),
    );
    const kind = kinds.length > 0 ? this.rng.pick(kinds) : { suffix: '学校', stages: opts.stages ?? opts.leadStages, ownership: opts.ownership ?? 'PUBLIC' };
    const school: School = {
      id: this.schoolId(code),
      name: this.uniqueName(`${prefix}${this.rng.pick(places)}`, kind.suffix),
      stages: kind.stages,
      ownership: kind.ownership,
      administration: 'DISTRICT',
      districtCode: code,
      inChangsha: !opts.outside,
    };
    this.register(school, `2019-0${this.rng.int(1, 6)}-${String(this.rng.int(10, 28)).padStart(2, '0')}`);
    return school;
  }

  // ---------------------------------------------------------------- groups

  private group(index: number): void {
    const lead = this.leadFor(index);
    lead.groups += 1;
    const groupId = `grp-${String(index + 1).padStart(4, '0')}`;
    const gs = `group-${groupId}`;
    const actor = this.actorFor(lead.school);
    const formed = `${this.rng.int(2019, 2023)}-${String(this.rng.int(2, 9)).padStart(2, '0')}-${String(this.rng.int(1, 28)).padStart(2, '0')}`;
    const name = lead.groups === 1 ? `${lead.seed.brand}教育集团` : `${lead.seed.brand}教育集团（${lead.groups === 2 ? '二' : '三'}）`;
    this.emit(gs, formed, { type: 'GroupFormed', data: { groupId, name, leadSchoolId: lead.school.id } }, actor);
    const groupFlaw = index % 9 === 4 ? 'R15' : index % 11 === 6 ? 'R13' : index % 13 === 7 ? 'R16' : 'none';
    if (groupFlaw !== 'R15') {
      this.emit(gs, addDays(formed, this.rng.int(20, 150)), { type: 'CharterAdopted', data: { groupId, document: this.doc('CHARTER', `${name}章程`) } }, actor, this.late());
      this.emit(gs, addDays(formed, this.rng.int(60, 170)), { type: 'DevelopmentPlanAdopted', data: { groupId, document: this.doc('DEVELOPMENT_PLAN', `${name}三年发展规划`) } }, actor);
    }
    const coops = this.rng.int(2, 5);
    const partners: School[] = [];
    for (let c = 0; c < coops; c++) {
      const p = this.cooperation(lead, groupId, `${groupId.replace('grp', 'coop')}-${c + 1}`, formed, c);
      if (p) partners.push(p);
    }
    // Joint exams: about one a year; R13 groups hold two in one year.
    const firstYear = Number(formed.slice(0, 4)) + 1;
    for (let y = firstYear; y <= Number(this.today.slice(0, 4)); y++) {
      if (!this.rng.chance(0.7)) continue;
      const participants = [lead.school.id, ...partners.map((p) => p.id)];
      const on = `${y}-${this.rng.pick(['01', '06'])}-${String(this.rng.int(8, 25)).padStart(2, '0')}`;
      const examId = this.emit(gs, on, { type: 'JointExamHeld', data: { groupId, participants, title: `${y}年集团联合考试` } }, actor, this.late());
      if (groupFlaw === 'R13' && y === firstYear + 1) {
        this.emit(gs, addDays(on, 120), { type: 'JointExamHeld', data: { groupId, participants, title: `${y}年集团第二次联考` } }, actor);
      } else if (examId && this.rng.chance(0.08)) {
        // Recorded twice by mistake, then retracted: without the retraction R13 would fire.
        const dup = this.emit(gs, on, { type: 'JointExamHeld', data: { groupId, participants, title: `${y}年集团联合考试` } }, actor);
        if (dup) this.emit(gs, on, { type: 'EventRetracted', data: { retractedEventId: dup, reason: '重复录入 · recorded twice' } }, this.adminActor, this.rng.int(3, 20));
      }
    }
    if (groupFlaw === 'R16') {
      this.emit(gs, `${Math.max(2021, firstYear)}-03-15`, { type: 'DirectPromotionPlanPublished', data: { groupId, enrolmentYear: Math.max(2021, firstYear), quota: this.rng.int(20, 120) } }, actor);
    }
    for (const y of [2022, 2024]) {
      if (`${y}-12-20` < formed || `${y}-12-20` > this.today) continue;
      const score = () => this.rng.int(62, 97);
      this.emit(gs, `${y}-12-${this.rng.int(10, 28)}`, {
        type: 'GroupEvaluated',
        data: {
          groupId,
          period: `${y - 1}-${y}学年`,
          scores: { schoolDevelopment: score(), teacherDevelopment: score(), studentDevelopment: score(), socialRecognition: score(), developmentPotential: score() },
          evaluator: '长沙市教育督导评估中心',
          report: this.doc('EVALUATION_REPORT', `${name}${y}年度督导评估报告`),
        },
      }, { id: 'supervisor-01', role: 'supervisor' }, this.late());
    }
    // A lead with too many partners (R04) is made by its extra groups; a branch by a district bureau (R11) now and then.
    // R21: a partner that forms a group of its own and stays in the original group.
    if (partners.length > 1 && index % 12 === 8) {
      const p = partners[1];
      const spunOn = addDays(formed, this.rng.int(500, 900));
      if (spunOn < this.today && spunOn >= '2021-01-01') {
        const newId = `grp-${String(index + 1).padStart(4, '0')}-s`;
        this.emit(`school-${p.id}`, addDays(spunOn, -20), { type: 'SchoolDesignatedLead', data: { schoolId: p.id, documentNo: `长教通〔${spunOn.slice(0, 4)}〕${this.rng.int(10, 99)}号` } }, this.cityActor);
        this.emit(`group-${newId}`, spunOn, { type: 'GroupFormed', data: { groupId: newId, name: `${p.name.replace(/^(长沙市|长沙县|浏阳市|宁乡市)/, '')}教育集团`, leadSchoolId: p.id, spunOffFrom: { groupId, leadSchoolId: lead.school.id } } }, this.actorFor(p));
        this.emit(`group-${newId}`, addDays(spunOn, 60), { type: 'CharterAdopted', data: { groupId: newId, document: this.doc('CHARTER', '集团章程') } }, this.actorFor(p));
        this.emit(`group-${newId}`, addDays(spunOn, 90), { type: 'DevelopmentPlanAdopted', data: { groupId: newId, document: this.doc('DEVELOPMENT_PLAN', '集团发展规划') } }, this.actorFor(p));
      }
    }
    if (partners.length > 0 && index % 10 === 3) {
      const p = partners[0];
      this.emit(`school-${p.id}`, addDays(formed, 400), {
        type: 'BranchCampusEstablished',
        data: { schoolId: p.id, branchName: `${p.name}分校`, establishedBy: { kind: 'DISTRICT_BUREAU', districtCode: p.districtCode } },
      }, this.actorFor(p));
    }
  }

  private nextFlaw(lead: LeadSeed, c: number): Flaw | 'none' {
    if (c > 0 && !this.rng.chance(0.35)) return 'none';
    if (c === 0 && !this.rng.chance(0.5)) return 'none';
    for (let i = 0; i < COOP_FLAWS.length; i++) {
      const f = COOP_FLAWS[(this.flawCursor + i) % COOP_FLAWS.length];
      if (f === 'R08' && lead.name !== '长郡中学' && lead.name !== '雅礼中学') continue;
      if (f === 'R09' && lead.stages.includes('PRIMARY')) continue;
      if (f === 'R01' && lead.administration !== 'CITY_DIRECT') continue;
      this.flawCursor = (this.flawCursor + i + 1) % COOP_FLAWS.length;
      return f;
    }
    return 'none';
  }

  // ---------------------------------------------------------------- cooperations

  private cooperation(lead: (typeof this.leads)[number], groupId: string, cooperationId: string, formed: IsoDay, c: number): School | undefined {
    const flaw = this.nextFlaw(lead.seed, c);
    const L = lead.school;
    let mode: CooperationMode = this.rng.chance(0.3) ? 'ENTRUSTED_MANAGEMENT' : this.rng.pick(['PAIRED_ASSISTANCE', 'BUNDLED_DEVELOPMENT', 'MULTI_SCHOOL', 'REGIONAL_CLUSTER', 'SAME_STAGE_ALLIANCE', 'SCHOOL_UNION'] as const);
    let partner: School;
    let start = addDays(formed, this.rng.int(15, 120) + c * this.rng.int(20, 90));
    const used = lead.districts;
    switch (flaw) {
      case 'R05':
        mode = 'PAIRED_ASSISTANCE';
        partner = this.partnerSchool({ notCodes: used, stages: L.stages.includes('PRIMARY') ? ['SENIOR'] : ['KINDERGARTEN'], leadStages: L.stages });
        break;
      case 'R06':
        mode = 'ENTRUSTED_MANAGEMENT';
        partner = this.partnerSchool({ outside: true, leadStages: L.stages });
        if (start < '2021-03-01') start = `2021-0${this.rng.int(3, 9)}-1${this.rng.int(0, 9)}`;
        break;
      case 'R07':
        mode = 'ENTRUSTED_MANAGEMENT';
        partner = this.partnerSchool({ notCodes: used, ownership: 'PRIVATE', stages: ['PRIMARY', 'JUNIOR'], leadStages: L.stages });
        if (start < '2021-03-01') start = `2021-0${this.rng.int(3, 9)}-1${this.rng.int(0, 9)}`;
        break;
      case 'R08':
        mode = 'BUNDLED_DEVELOPMENT';
        partner = this.partnerSchool({ notCodes: used, stages: ['PRIMARY'], leadStages: L.stages });
        if (start < '2021-03-01') start = `2021-0${this.rng.int(3, 9)}-1${this.rng.int(0, 9)}`;
        break;
      case 'R09':
        mode = 'ENTRUSTED_MANAGEMENT';
        partner = this.partnerSchool({ notCodes: used, stages: ['PRIMARY'], leadStages: L.stages });
        start = `2019-0${this.rng.int(3, 9)}-1${this.rng.int(0, 9)}`;
        break;
      case 'R10':
        partner = this.partnerSchool({ code: used.size > 0 ? [...used][0] : L.districtCode, leadStages: L.stages });
        break;
      case 'R25':
        mode = 'PAIRED_ASSISTANCE';
        partner = this.partnerSchool({ notCodes: used, ownership: 'PRIVATE', stages: ['PRIMARY', 'JUNIOR'], leadStages: L.stages });
        start = `2019-0${this.rng.int(3, 9)}-1${this.rng.int(0, 9)}`;
        break;
      default:
        if (mode === 'ENTRUSTED_MANAGEMENT' && L.stages.some((s) => s === 'JUNIOR' || s === 'SENIOR') && !L.stages.includes('PRIMARY')) {
          partner = this.partnerSchool({ notCodes: used, stages: this.rng.pick([['JUNIOR'], ['SENIOR'], ['JUNIOR', 'SENIOR']] as Stage[][]), leadStages: L.stages });
        } else {
          partner = this.partnerSchool({ notCodes: used, leadStages: L.stages });
        }
    }
    // Breaches are judged from 2021-01-01 (§5): the flawed cooperations of the demo start after it.
    if (flaw !== 'none' && flaw !== 'R09' && flaw !== 'R25' && start < '2021-03-01') start = `2021-0${this.rng.int(3, 9)}-${String(this.rng.int(10, 28))}`;
    if (start > this.today) return undefined;
    const cs = `cooperation-${cooperationId}`;
    const actor = this.actorFor(L);
    used.add(partner.districtCode);
    this.emit(cs, start, { type: 'CooperationProposed', data: { cooperationId, groupId, leadSchoolId: L.id, partnerSchoolId: partner.id, mode } }, actor);
    let d = start;
    const step = (min: number, max: number) => (d = addDays(d, this.rng.int(min, max)));
    const cityLead = L.administration === 'CITY_DIRECT';
    if (cityLead && flaw !== 'R01') {
      this.emit(cs, step(7, 30), { type: 'NegotiationConsentGranted', data: { cooperationId, authority: CITY_BUREAU, documentNo: `长教函〔${d.slice(0, 4)}〕${this.rng.int(1, 300)}号` } }, this.cityActor);
    }
    // Approvals (R02): who approves depends on the lead's administration and the partner's kind.
    const docNo = (org: string) => `${org}〔${d.slice(0, 4)}〕${this.rng.int(1, 300)}号`;
    if (flaw === 'R02') {
      this.emit(cs, step(15, 60), { type: 'ApprovalGranted', data: { cooperationId, authority: { kind: 'DISTRICT_BUREAU', districtCode: partner.districtCode }, documentNo: docNo('区教函'), applicants: [{ schoolId: partner.id }] } }, actor);
    } else if (partner.ownership === 'PRIVATE' || !partner.inChangsha) {
      this.emit(cs, step(15, 60), { type: 'ApprovalGranted', data: { cooperationId, authority: CITY_BUREAU, documentNo: docNo('长教复'), applicants: [{ schoolId: L.id }] } }, this.cityActor);
      this.emit(cs, step(15, 45), { type: 'ApprovalGranted', data: { cooperationId, authority: CITY_GOVERNMENT, documentNo: docNo('长政函'), applicants: [{ authority: CITY_BUREAU }] } }, this.cityActor);
    } else if (cityLead) {
      this.emit(cs, step(15, 60), {
        type: 'ApprovalGranted',
        data: { cooperationId, authority: CITY_BUREAU, documentNo: docNo('长教复'), applicants: [{ authority: { kind: 'DISTRICT_GOVERNMENT', districtCode: partner.districtCode } }, { schoolId: L.id }] },
      }, this.cityActor);
    } else {
      this.emit(cs, step(15, 60), { type: 'ApprovalGranted', data: { cooperationId, authority: { kind: 'DISTRICT_BUREAU', districtCode: L.districtCode }, documentNo: docNo('区教复'), applicants: [{ schoolId: L.id }] } }, actor);
    }
    const kinds: DocumentKind[] = ['OFFICIAL_LETTER', 'CONTRACT_DRAFT', 'SIGNING_BASIS', 'APPROVAL_DOCUMENT', 'EXPLANATION', 'BACKGROUND'];
    this.emit(cs, step(7, 30), { type: 'ContractDraftSubmitted', data: { cooperationId, documents: kinds.map((k) => this.doc(k, `${partner.name}合作办学${k}`)) } }, actor);
    const years = flaw === 'R17' ? 8 : this.rng.pick([3, 4, 5, 6, 6]);
    let signOn: IsoDay;
    if (flaw === 'R03') {
      signOn = step(3, 10);
      this.emit(cs, signOn, { type: 'ContractSigned', data: { cooperationId, contract: this.doc('CONTRACT', '合作办学协议书'), termStart: signOn, termEnd: addDays(addYears(signOn, years), -1) } }, actor);
      this.emit(cs, step(10, 30), { type: 'ContractReviewApproved', data: { cooperationId, documentNo: docNo('长教审') } }, this.cityActor);
    } else {
      this.emit(cs, step(10, 40), { type: 'ContractReviewApproved', data: { cooperationId, documentNo: docNo('长教审') } }, this.cityActor);
      signOn = step(3, 20);
      this.emit(cs, signOn, { type: 'ContractSigned', data: { cooperationId, contract: this.doc('CONTRACT', '合作办学协议书'), termStart: signOn, termEnd: addDays(addYears(signOn, years), -1) } }, actor, this.late());
    }
    let termEnd = addDays(addYears(signOn, years), -1);
    const admitted = step(1, 12);
    this.emit(cs, admitted, { type: 'PartnerAdmitted', data: { cooperationId } }, actor, this.late());
    this.emit(`school-${partner.id}`, addDays(admitted, this.rng.int(10, 60)), {
      type: 'BrandUsageRecorded',
      data: { schoolId: partner.id, brandOwnerSchoolId: L.id, elements: ['NAME', 'CULTURAL_IDENTIFIER'], purpose: 'GENERAL' },
    }, this.actorFor(partner));
    if (flaw === 'R18') {
      const ext = addYears(termEnd, 8);
      this.emit(cs, addDays(termEnd, -200), { type: 'CooperationExtended', data: { cooperationId, newTermEnd: ext, documentNo: docNo('长教复') } }, actor);
      termEnd = ext;
    } else if (this.rng.chance(0.15) && addDays(termEnd, -200) < this.today) {
      const ext = addYears(termEnd, 3);
      this.emit(cs, addDays(termEnd, -this.rng.int(190, 260)), { type: 'CooperationExtended', data: { cooperationId, newTermEnd: ext, documentNo: docNo('长教复') } }, actor);
      termEnd = ext;
    }
    // Exit: R09 partners stay on (the violation); others leave at the term's end or early.
    let exitOn: IsoDay | undefined = termEnd < this.today && flaw !== 'R20' ? addDays(termEnd, 0) : undefined;
    if (flaw === 'R25' || flaw === 'R23') exitOn = addDays(admitted, this.rng.int(500, 900));
    if (flaw === 'R26' && !exitOn) exitOn = addDays(admitted, this.rng.int(400, 800));
    if (exitOn && exitOn > this.today) exitOn = undefined;
    if (flaw === 'R09') exitOn = undefined;
    // Yearly life: two-way teacher exchange (R14) and fees, until the exit.
    const end = exitOn ?? this.today;
    for (let y = Number(admitted.slice(0, 4)); y <= Number(end.slice(0, 4)); y++) {
      const sept = `${y}-09-${String(this.rng.int(2, 20)).padStart(2, '0')}`;
      if (sept < admitted || sept > end) continue;
      if (this.rng.chance(0.95)) {
        this.emit(cs, sept, { type: 'TeacherDispatched', data: { cooperationId, teacherId: `T${this.rng.hex(8)}`, role: this.rng.pick(['MANAGER', 'KEY_TEACHER'] as const), direction: 'LEAD_TO_PARTNER', until: `${y + 1}-07-15` } }, actor, this.late());
      }
      if (this.rng.chance(0.92)) {
        this.emit(cs, addDays(sept, 30), { type: 'TeacherDispatched', data: { cooperationId, teacherId: `T${this.rng.hex(8)}`, role: 'TEACHER', direction: 'PARTNER_TO_LEAD', until: `${y + 1}-01-15` } }, actor);
      }
      if (this.rng.chance(0.4)) {
        const feeId = this.emit(cs, addDays(sept, 60), { type: 'CooperationFeeCharged', data: { cooperationId, amountFen: this.rng.int(10, 80) * 1_000_000 } }, actor);
        if (feeId && this.rng.chance(0.05)) {
          this.emit(cs, addDays(sept, 60), { type: 'EventRetracted', data: { retractedEventId: feeId, reason: '金额录入错误 · wrong amount entered' } }, this.adminActor, this.rng.int(5, 30));
        }
      }
    }
    if (flaw === 'R12') {
      this.emit(`school-${partner.id}`, addDays(admitted, 300), {
        type: 'SchoolGovernanceChanged',
        data: { schoolId: partner.id, field: this.rng.pick(['LEGAL_REPRESENTATIVE', 'FUNDING_MECHANISM'] as const), attributedToGroupId: groupId, description: '集团统一任命法人代表' },
      }, this.actorFor(partner));
    }
    if (flaw === 'R05' && this.rng.chance(0.5)) {
      this.emit(cs, addDays(admitted, 20), { type: 'ExceptionGranted', data: { ruleId: 'R05', authority: CITY_BUREAU, documentNo: docNo('长教函'), reason: '城乡结对帮扶，经市教育局同意跨学段合作' } }, this.cityActor);
    }
    // Notice (R19) half a year before the end, with both authorities; parent communication (R26).
    const noticeDue = addDays(termEnd, -183);
    if (flaw !== 'R19' && flaw !== 'R20' && noticeDue <= addDays(this.today, 30) && (exitOn === undefined || exitOn >= termEnd)) {
      const lateBy = this.rng.chance(0.2);
      this.emit(cs, addDays(noticeDue, lateBy ? this.rng.int(20, 60) : -this.rng.int(5, 60)), {
        type: 'TerminationNoticeFiled',
        data: {
          cooperationId,
          recipients: [cityLead ? CITY_BUREAU : { kind: 'DISTRICT_BUREAU', districtCode: L.districtCode }, partner.inChangsha ? { kind: 'DISTRICT_BUREAU', districtCode: partner.districtCode } : { kind: 'OTHER', name: `${partner.name.slice(0, 3)}教育局` }],
          plan: this.doc('TERMINATION_PLAN', '合同终止实施方案'),
        },
      }, actor);
    }
    if (exitOn) {
      if (flaw !== 'R26') this.emit(cs, addDays(exitOn, -this.rng.int(10, 40)), { type: 'ParentCommunicationRecorded', data: { cooperationId, summary: '召开家长会说明合作期满退出安排' } }, actor);
      this.emit(cs, exitOn, { type: 'PartnerExited', data: { cooperationId, reason: exitOn < termEnd ? 'EARLY' : 'EXPIRY' } }, actor);
      lead.districts.delete(partner.districtCode);
      if (flaw === 'R25' && this.rng.chance(0.5)) {
        // R24: the former private partner still recruits teachers under the lead's brand.
        this.emit(`school-${partner.id}`, addDays(exitOn, this.rng.int(120, 300)), {
          type: 'BrandUsageRecorded',
          data: { schoolId: partner.id, brandOwnerSchoolId: L.id, elements: ['NAME'], purpose: 'TEACHER_RECRUITMENT' },
        }, this.actorFor(partner));
      }
      if (flaw === 'R23') {
        this.emit(cs, addDays(exitOn, this.rng.int(30, 120)), { type: 'CooperationFeeCharged', data: { cooperationId, amountFen: this.rng.int(10, 50) * 1_000_000 } }, actor);
      }
      const withdraw = partner.ownership === 'PRIVATE' || !partner.inChangsha;
      if (withdraw && flaw !== 'R25') {
        this.emit(`school-${partner.id}`, addDays(exitOn, this.rng.int(10, 80)), { type: 'BrandWithdrawn', data: { schoolId: partner.id, brandOwnerSchoolId: L.id, elements: ['NAME', 'CULTURAL_IDENTIFIER'] } }, this.actorFor(partner));
      }
    }
    return partner;
  }
}
