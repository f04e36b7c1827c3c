import fc from 'fast-check';
import type { SubjectRef } from '../shared/terms';
import { CITY_BUREAU, CITY_GOVERNMENT, districtBureau, history } from '../rules/testing/history';
import type { History } from '../rules/testing/history';
import type { Fact, KnownAt, LedgerView } from '../views/ledger-view';
import { applyEvent, collectionOf, countsAt, deserializeLedgerView, emptyLedgerView, foldLedger, serializeLedgerView, visibleFacts } from '../views/ledger-view';
import type { Finding } from '../shared/finding';
import { compareFindings, evaluateCompliance, evaluateSubject, evaluatingCompliance, type ComplianceOptions } from './compliance';
import { StateCache, type Rule } from '../rules/rule';
import { cooperationAt, groupAt, leadFootprintAt, schoolAt } from '../views/states';
import { defaultRulePack, type RulePack } from '../rules/rule-pack';

/** A finding on every school that exists at asOf (a pack's rule for schools that lead nothing too). */
const EVERY_SCHOOL: Rule = {
  id: 'X01',
  name: 'every school',
  clause: 'test',
  severity: 'advisory',
  subjectType: 'school',
  parameters: {},
  effectiveFrom: '2019-01-01',
  messages: { zh: '每所学校', en: 'every school' },
  evaluate: (ctx) =>
    ctx.states.school(ctx.subject.id)
      ? [{ ruleId: 'X01', severity: 'advisory', subject: { ...ctx.subject }, clause: 'test', message: { zh: '每所学校', en: 'every school' }, since: ctx.asOf, evidence: [], status: 'OPEN' }]
      : [],
};
/**
 * The default pack's school rules judge lead schools only; this pack also finds something on the
 * schools no lead's batch judges (the city evaluation's sweep).
 */
const EVERY_SCHOOL_PACK: RulePack = { ...defaultRulePack(), rules: [...defaultRulePack().rules, EVERY_SCHOOL] };

/**
 * The city-wide evaluation shares one state cache across every subject and rule (ADR 0090) and
 * `visibleFacts` copies lazily; both must answer exactly as a straightforward reference does:
 * every subject judged alone with a fresh cache, and facts filtered one by one.
 */

const DAYS = ['2019-06-01', '2020-09-01', '2020-12-31', '2021-01-01', '2021-03-15', '2022-07-01', '2023-09-01', '2024-12-31', '2025-06-30', '2027-01-01'];
const SCHOOLS = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6'];
const DISTRICTS = ['430102', '430104', '430111'];

const day = fc.constantFrom(...DAYS);
const school = fc.constantFrom(...SCHOOLS);

type Step =
  | { kind: 'school'; id: string; ownership: 'PUBLIC' | 'PRIVATE'; administration: 'CITY_DIRECT' | 'DISTRICT'; district: string; inChangsha: boolean; stages: ('PRIMARY' | 'JUNIOR' | 'SENIOR')[] }
  | { kind: 'group'; id: string; lead: string; on: string }
  | { kind: 'cooperate'; id: string; group: string; partner: string; on: string; full: boolean }
  | { kind: 'coopEvent'; id: string; type: 'ApprovalGranted' | 'PartnerAdmitted' | 'PartnerExited' | 'TeacherDispatched' | 'CooperationFeeCharged' | 'ContractSigned'; on: string; late: boolean }
  | { kind: 'groupEvent'; id: string; type: 'JointExamHeld' | 'CharterAdopted' | 'GroupDissolved' | 'DirectPromotionPlanPublished'; on: string }
  | { kind: 'brand'; school: string; owner: string; on: string; withdraw: boolean }
  | { kind: 'exception'; coop: string; ruleId: string; on: string }
  | { kind: 'retract'; nth: number; on: string };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('school' as const),
    id: school,
    ownership: fc.constantFrom('PUBLIC' as const, 'PRIVATE' as const),
    administration: fc.constantFrom('CITY_DIRECT' as const, 'DISTRICT' as const),
    district: fc.constantFrom(...DISTRICTS),
    inChangsha: fc.boolean(),
    stages: fc.subarray(['PRIMARY', 'JUNIOR', 'SENIOR'] as ('PRIMARY' | 'JUNIOR' | 'SENIOR')[], { minLength: 1 }),
  }),
  fc.record({ kind: fc.constant('group' as const), id: fc.constantFrom('G1', 'G2', 'G3'), lead: school, on: day }),
  fc.record({ kind: fc.constant('cooperate' as const), id: fc.constantFrom('C1', 'C2', 'C3', 'C4', 'C5'), group: fc.constantFrom('G1', 'G2', 'G3'), partner: school, on: day, full: fc.boolean() }),
  fc.record({
    kind: fc.constant('coopEvent' as const),
    id: fc.constantFrom('C1', 'C2', 'C3', 'C4', 'C5'),
    type: fc.constantFrom('ApprovalGranted' as const, 'PartnerAdmitted' as const, 'PartnerExited' as const, 'TeacherDispatched' as const, 'CooperationFeeCharged' as const, 'ContractSigned' as const),
    on: day,
    late: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('groupEvent' as const), id: fc.constantFrom('G1', 'G2', 'G3'), type: fc.constantFrom('JointExamHeld' as const, 'CharterAdopted' as const, 'GroupDissolved' as const, 'DirectPromotionPlanPublished' as const), on: day }),
  fc.record({ kind: fc.constant('brand' as const), school, owner: school, on: day, withdraw: fc.boolean() }),
  fc.record({ kind: fc.constant('exception' as const), coop: fc.constantFrom('C1', 'C2', 'C3'), ruleId: fc.constantFrom('R03', 'R14', 'R19', 'R20', 'R26', 'R05', 'R21', 'R25'), on: day }),
  fc.record({ kind: fc.constant('retract' as const), nth: fc.nat(200), on: day }),
);

function build(steps: readonly Step[]): { h: History; instants: string[] } {
  const h = history();
  const groups = new Map<string, string>();
  const instants: string[] = [];
  let n = 0;
  // Recording instants in several written forms (…Z, ….000Z, +08:00), some late.
  const recorded = (on: string, late: boolean) => {
    n++;
    const at = late ? `2026-0${1 + (n % 9)}-1${n % 10}T0${n % 10}:00:00Z` : `${on}T1${n % 10}:00:00${n % 3 === 0 ? '+08:00' : '.000Z'}`;
    instants.push(at);
    return at;
  };
  for (const s of SCHOOLS.slice(0, 3)) h.school(s, { districtCode: DISTRICTS[SCHOOLS.indexOf(s) % 3] });
  for (const s of steps) {
    switch (s.kind) {
      case 'school':
        h.school(s.id, { ownership: s.ownership, administration: s.administration, districtCode: s.district, inChangsha: s.inChangsha, stages: s.stages }, '2020-01-01');
        break;
      case 'group':
        groups.set(s.id, s.lead);
        h.group(s.id, s.lead, s.on);
        break;
      case 'cooperate': {
        const lead = groups.get(s.group) ?? 'S1';
        if (s.full) h.cooperate(s.id, s.group, lead, s.partner, s.on);
        else h.propose(s.id, s.group, lead, s.partner, s.on);
        break;
      }
      case 'coopEvent': {
        const data: Record<string, Record<string, unknown>> = {
          ApprovalGranted: { authority: n % 2 ? CITY_BUREAU : n % 3 ? CITY_GOVERNMENT : districtBureau('430104'), documentNo: `批${n}`, applicants: [] },
          PartnerAdmitted: {},
          PartnerExited: { reason: 'EARLY' },
          TeacherDispatched: { teacherId: `t${n}`, role: 'MANAGER', direction: n % 2 ? 'LEAD_TO_PARTNER' : 'PARTNER_TO_LEAD' },
          CooperationFeeCharged: { amountFen: 100 },
          ContractSigned: { contract: { kind: 'CONTRACT', sha256: 'a'.repeat(64) }, termStart: s.on, termEnd: '2028-08-31' },
        };
        h.coop(s.id, s.type, data[s.type], s.on, recorded(s.on, s.late));
        break;
      }
      case 'groupEvent': {
        const data: Record<string, Record<string, unknown>> = {
          JointExamHeld: { participants: ['S1', 'S2'] },
          CharterAdopted: { document: { kind: 'CHARTER', sha256: 'b'.repeat(64) } },
          GroupDissolved: { reason: '撤销' },
          DirectPromotionPlanPublished: { enrolmentYear: Number(s.on.slice(0, 4)), quota: 10 },
        };
        h.groupEvent(s.id, s.type, data[s.type], s.on);
        break;
      }
      case 'brand':
        h.schoolEvent(s.school, 'BrandUsageRecorded', { brandOwnerSchoolId: s.owner, elements: ['NAME'], purpose: 'ENROLMENT' }, s.on);
        if (s.withdraw) h.schoolEvent(s.school, 'BrandWithdrawn', { brandOwnerSchoolId: s.owner, elements: ['NAME'] }, s.on);
        break;
      case 'exception':
        h.coop(s.coop, 'ExceptionGranted', { ruleId: s.ruleId, authority: CITY_BUREAU, documentNo: `例${n}`, reason: '特批' }, s.on);
        break;
      case 'retract': {
        const target = h.events[s.nth % h.events.length];
        if (target.type === 'EventRetracted' || h.events.some((e) => e.type === 'EventRetracted' && (e.data as { retractedEventId: string }).retractedEventId === target.eventId)) break;
        const [type, ...rest] = target.streamId.split('-');
        h.record(type as SubjectRef['type'], rest.join('-'), 'EventRetracted', { retractedEventId: target.eventId, reason: '录入错误' }, s.on, recorded(s.on, true));
        break;
      }
    }
  }
  return { h, instants };
}

function everySubject(view: LedgerView): SubjectRef[] {
  const out: SubjectRef[] = [];
  for (const type of ['school', 'group', 'cooperation'] as const) for (const id of collectionOf(view, type).keys()) out.push({ type, id });
  return out;
}

/** The obvious filter, fact by fact (instants compared as times). */
function referenceVisible(view: LedgerView, list: readonly Fact[], asOf: string, knownAt?: KnownAt): Fact[] {
  const maxPos = knownAt?.position === undefined ? Infinity : Number(knownAt.position);
  const maxTime = knownAt?.instant === undefined ? Infinity : Date.parse(knownAt.instant);
  const known = (pos: number, at: string) => pos <= maxPos && Date.parse(at) <= maxTime;
  return list.filter((f) => {
    if (f.on > asOf || !known(f.pos, f.recordedAt)) return false;
    const r = view.retractions.get(f.eventId);
    return !(r && known(r.pos, r.recordedAt));
  });
}

const horizon = (instants: string[]) =>
  fc.oneof(
    fc.constant(undefined),
    fc.nat(300).map((p): KnownAt => ({ position: p })),
    fc.constantFrom(...instants, '2026-03-13T03:00:00.000Z').map((instant): KnownAt => ({ instant })),
  );

/**
 * A generated city's history (`also` adds steps after the generated ones), with a day and a horizon
 * (or none) to look from.
 */
function historyAt(also: (steps: readonly Step[]) => Step[] = () => []) {
  return fc.array(step, { minLength: 5, maxLength: 40 }).chain((steps) => {
    const built = build([...steps, ...also(steps)]);
    return fc.tuple(fc.constant(built), day, horizon(built.instants.length ? built.instants : ['2026-01-01T00:00:00Z']));
  });
}

/**
 * A generated city at a day, as known at a horizon (or not), judged by the default pack or by one
 * that also finds something on every school.
 */
const cityAt = fc.tuple(historyAt(), fc.boolean()).map(([[{ h }, asOf, knownAt], withEverySchool]) => ({
  view: h.view(),
  options: { asOf, ...(knownAt ? { knownAt } : {}), ...(withEverySchool ? { packs: EVERY_SCHOOL_PACK } : {}) },
}));

/** The reference: every subject judged alone (a fresh state cache each), sorted. */
function reference(view: LedgerView, options: ComplianceOptions): Finding[] {
  return everySubject(view)
    .flatMap((s) => evaluateSubject(view, s, { ...options, related: false }))
    .sort(compareFindings);
}

describe('property: the optimised evaluation equals a straightforward reference', () => {
  it('evaluateCompliance = every subject judged alone (fresh state cache), sorted', () => {
    fc.assert(
      fc.property(cityAt, ({ view, options }) => {
        expect(evaluateCompliance(view, options)).toEqual(reference(view, options));
      }),
      { numRuns: 150 },
    );
  });

  it('evaluatingCompliance, step by step, answers the same as the reference: a step per lead school, one for the sweep, one per 200 schools swept (ADR 0159)', () => {
    fc.assert(
      fc.property(cityAt, ({ view, options }) => {
        const steps = evaluatingCompliance(view, options);
        let yields = 0;
        let next = steps.next();
        for (; !next.done; next = steps.next()) yields++;
        expect(next.value).toEqual(reference(view, options));
        const leads = view.index.groupsByLead.size + view.index.cooperationsByLead.size;
        expect(yields).toBe(leads + 1 + Math.floor(view.schools.size / 200));
      }),
      { numRuns: 150 },
    );
  });

  it("the evaluation's shared state cache derives the states the view's functions derive (schoolAt, groupAt, cooperationAt)", () => {
    fc.assert(
      fc.property(historyAt(), fc.boolean(), ([{ h }, asOf, knownAt], released) => {
        const view = h.view();
        const at = { asOf, ...(knownAt ? { knownAt } : {}) };
        const states = new StateCache(view, at);
        // Asked in the city evaluation's order: a group, then its cooperations (sometimes released between subjects).
        for (const s of everySubject(view)) {
          if (s.type === 'school') expect(states.school(s.id)).toEqual(schoolAt(view, s.id, at));
          else if (s.type === 'group') expect(states.group(s.id)).toEqual(groupAt(view, s.id, at));
          else expect(states.cooperation(s.id)).toEqual(cooperationAt(view, s.id, at));
          if (released) states.release();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a cooperation proposed again in another group after its first proposal was retracted ends with its own group, not the retracted one (ADR 0180)', () => {
    const h = history();
    h.school('S1');
    h.school('S2');
    h.group('G1', 'S1', '2021-02-01');
    h.group('G2', 'S1', '2021-02-01');
    const first = h.propose('C1', 'G1', 'S1', 'S2', '2021-03-01');
    h.groupEvent('G1', 'GroupDissolved', { reason: '撤销' }, '2021-06-01');
    // The decider folds a stream without its retracted events: C1 may be proposed again.
    h.record('cooperation', 'C1', 'EventRetracted', { retractedEventId: first, reason: '录入错误' }, '2021-03-02');
    h.propose('C1', 'G2', 'S1', 'S2', '2021-03-03');
    h.admit('C1', '2021-04-01');
    const view = h.view();
    const at = { asOf: '2022-01-01' };
    expect(cooperationAt(view, 'C1', at)).toMatchObject({ groupId: 'G2', status: 'ACTIVE', endedOn: null });
    expect(new StateCache(view, at).cooperation('C1')).toEqual(cooperationAt(view, 'C1', at));
    expect(leadFootprintAt(view, 'S1', at).activePartners.map((p) => p.cooperationId)).toEqual(['C1']);
  });

  it('evaluatingCompliance tells its visitor of every subject once, its states those the view derives, the answer unchanged (ADR 0180)', () => {
    fc.assert(
      fc.property(cityAt, ({ view, options }) => {
        const at = { asOf: options.asOf, ...(options.knownAt ? { knownAt: options.knownAt } : {}) };
        const seen: string[] = [];
        const steps = evaluatingCompliance(view, options, (type, id, states) => {
          seen.push(`${type}:${id}`);
          if (type === 'school') expect(states.school(id)).toEqual(schoolAt(view, id, at));
          else if (type === 'group') expect(states.group(id)).toEqual(groupAt(view, id, at));
          else expect(states.cooperation(id)).toEqual(cooperationAt(view, id, at));
        });
        let next = steps.next();
        while (!next.done) next = steps.next();
        expect(next.value).toEqual(evaluateCompliance(view, options));
        expect([...seen].sort()).toEqual(everySubject(view).map((s) => `${s.type}:${s.id}`).sort());
      }),
      { numRuns: 150 },
    );
  });

  it('visibleFacts = the fact-by-fact filter, whatever the horizon and retractions', () => {
    fc.assert(
      fc.property(
        historyAt(),
        ([{ h }, asOf, knownAt]) => {
          const view = h.view();
          for (const s of everySubject(view)) {
            const list = collectionOf(view, s.type).get(s.id)!;
            expect(visibleFacts(view, s.type, s.id, { asOf, knownAt })).toEqual(referenceVisible(view, list, asOf, knownAt));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('visibleFacts = the fact-by-fact filter on a view asked after every event folded into it: retractions recorded since are seen (ADR 0162)', () => {
    fc.assert(
      fc.property(
        // At least one retraction, some of them on a list whose facts were asked for before.
        historyAt((steps) => [{ kind: 'retract', nth: steps.length, on: '2025-06-30' }]),
        fc.option(fc.record({ nth: fc.nat(), late: fc.boolean() }), { nil: undefined }),
        ([{ h }, asOf, knownAt], moved) => {
          // One event left out, or folded last (sometimes): a retraction may then name a fact the view
          // does not hold, or not yet.
          const events = [...h.events];
          if (moved) {
            const [event] = events.splice(moved.nth % events.length, 1);
            if (moved.late) events.push(event);
          }
          const view = emptyLedgerView();
          let retractions = 0;
          for (const event of events) {
            applyEvent(view, event);
            if (event.type === 'EventRetracted') retractions++;
            for (const s of everySubject(view)) {
              const list = collectionOf(view, s.type).get(s.id)!;
              expect(visibleFacts(view, s.type, s.id, { asOf, knownAt })).toEqual(referenceVisible(view, list, asOf, knownAt));
            }
          }
          expect(view.retractions.size).toBe(retractions);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('visibleFacts = the fact-by-fact filter wherever the view learnt where a retracted fact is: folded, made from its text, or found by a pass; a retraction in another stream too (ADR 0177)', () => {
    fc.assert(
      fc.property(
        historyAt((steps) => [{ kind: 'retract', nth: steps.length, on: '2025-06-30' }]),
        fc.nat(),
        fc.boolean(),
        ([{ h }, asOf, knownAt], cut, foreign) => {
          // Some logs the decider never writes: the first retraction moved to another subject's
          // stream (its fact is then not in the retraction's own list).
          const events = [...h.events];
          const first = events.findIndex((e) => e.type === 'EventRetracted');
          if (foreign && first >= 0) {
            const other = events.find((e) => e.streamId !== events[first].streamId && /^(school|group|cooperation)-/.test(e.streamId));
            if (other) events[first] = { ...events[first], streamId: other.streamId };
          }
          const split = cut % (events.length + 1);
          const head = foldLedger(events.slice(0, split));
          visibleFacts(head, 'school', 'S1', { asOf }); // the folded view accounts for its retractions first
          // A view made again from its text, as a restore does: its retracted facts placed by one pass
          // over its lists (`settlingParsedView`); the folded one found them as it folded, or finds a
          // foreign one by a pass when first accounting for it.
          const view = deserializeLedgerView(serializeLedgerView(head));
          for (const event of events.slice(split)) {
            applyEvent(view, event);
            applyEvent(head, event);
            for (const v of [view, head]) {
              for (const s of everySubject(v)) {
                const list = collectionOf(v, s.type).get(s.id)!;
                expect(visibleFacts(v, s.type, s.id, { asOf, knownAt })).toEqual(referenceVisible(v, list, asOf, knownAt));
              }
            }
          }
          for (const s of everySubject(view)) {
            const list = collectionOf(view, s.type).get(s.id)!;
            expect(visibleFacts(view, s.type, s.id, { asOf, knownAt })).toEqual(referenceVisible(view, list, asOf, knownAt));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('events that cannot count at (asOf, knownAt) change nothing there: not known then, or neither a retraction nor valid by asOf (countsAt, ADR 0163)', () => {
    fc.assert(
      fc.property(
        historyAt(),
        fc.nat(),
        fc.boolean(),
        ([{ h }, asOf, knownAt], cut, withEverySchool) => {
          const at = { asOf, ...(knownAt ? { knownAt } : {}) };
          const split = cut % (h.events.length + 1);
          const before = h.events.slice(0, split);
          const later = h.events.slice(split).filter((e) => !countsAt(e, at));
          const options = { asOf, ...(knownAt ? { knownAt } : {}), ...(withEverySchool ? { packs: EVERY_SCHOOL_PACK } : {}) };
          expect(evaluateCompliance(foldLedger([...before, ...later]), options)).toEqual(evaluateCompliance(foldLedger(before), options));
        },
      ),
      { numRuns: 300 },
    );
  });
});
