import fc from 'fast-check';
import type { Applicant } from '../cooperation/cooperation.events';
import type { Finding } from '../shared/finding';
import type { Authority } from '../shared/terms';
import { addDays, addMonths, addYears, fromDayNumber, schoolYearEnd, schoolYearStart, toDayNumber } from '../views/iso-day';
import type { ApprovalRecord, CooperationView } from '../views/states';
import { approvalsHeld, type RequiredApprovals } from './r02-approval-authority.rule';
import { deserializeLedgerView, serializeLedgerView } from '../views/ledger-view';
import { CONTRACT_DRAFT_DOCUMENTS, missingDraftDocuments, r03ContractReview } from './r03-contract-review.rule';
import { r04GroupSize } from './r04-group-size.rule';
import { r10OnePartnerPerDistrict } from './r10-one-partner-per-district.rule';
import { r13JointExamLimit } from './r13-joint-exam-limit.rule';
import { r14TwoWayExchange } from './r14-two-way-exchange.rule';
import type { Rule, RuleContext } from './rule';
import { StateCache, breach, cooperationParties, distinctEvidence, inForce, overLimitIntervals, push, sameAuthority, startsAfter } from './rule';
import { noticeCompleteOn, r19ExpiryNotice } from './r19-expiry-notice.rule';
import { r20NoOverrun } from './r20-no-overrun.rule';
import { termSegments } from './term-segments';
import { LEAD, PARTNER, leadAndPartner } from './testing/fixtures';
import { CITY_BUREAU, districtBureau, doc, history } from './testing/history';
import { coopRef, groupRef, judgeRule, schoolRef } from './testing/judge';

/**
 * ADR 0110 rewrote hot helpers and rules for speed (no intermediate lists, no closures, guards).
 * Each fast path is checked here against the straightforward code it replaced, kept verbatim as
 * the reference, on generated inputs.
 */

const DAYS = ['2020-08-31', '2020-09-01', '2021-01-01', '2021-08-31', '2021-09-01', '2022-03-15', '2022-08-31', '2022-09-01', '2023-02-28', '2023-09-01', '2024-02-29', '2024-08-31', '2025-09-01'];
const day = fc.constantFrom(...DAYS);

describe('fast paths equal the straightforward code they replaced (property)', () => {
  it('missingDraftDocuments: one digest check per kind = every kind against every document', () => {
    const SHA256 = /^[0-9a-f]{64}$/;
    const reference = (documents: readonly { kind: string; sha256: string }[]) =>
      CONTRACT_DRAFT_DOCUMENTS.filter((k) => !documents.some((d) => d.kind === k && SHA256.test(d.sha256)));
    const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
    const sha = fc.oneof(
      hex64,
      hex64.map((s) => s.toUpperCase()),
      hex64.map((s) => s.slice(1)),
      hex64.map((s) => `${s}0`),
      hex64.map((s) => `${s.slice(0, 30)}g${s.slice(31)}`),
      fc.string(),
      hex64.map((s) => [s] as unknown as string),
      fc.constant(undefined as unknown as string),
      fc.constant(42 as unknown as string),
    );
    const kind = fc.constantFrom(...CONTRACT_DRAFT_DOCUMENTS, 'CHARTER', 'constructor', '');
    fc.assert(
      fc.property(fc.array(fc.record({ kind, sha256: sha }), { maxLength: 14 }), (documents) => {
        expect(missingDraftDocuments(documents)).toEqual(reference(documents));
      }),
      { numRuns: 500 },
    );
  });

  it('R03 with the draft masks folded in (ADR 0111) = R03 checking every digest, and a snapshot keeps the masks', () => {
    const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
    const sha = fc.oneof(hex64, hex64.map((s) => s.slice(1)), hex64.map((s) => s.toUpperCase()), fc.constant('x'));
    const kind = fc.constantFrom(...CONTRACT_DRAFT_DOCUMENTS, 'CHARTER');
    const draft = fc.record({ on: day, documents: fc.array(fc.record({ kind, sha256: sha }), { maxLength: 9 }) });
    fc.assert(
      fc.property(fc.array(draft, { maxLength: 4 }), day, (drafts, asOf) => {
        const h = history();
        leadAndPartner(h);
        h.propose('C1', 'G1', LEAD, PARTNER, '2020-08-31');
        for (const d of drafts) h.coop('C1', 'ContractDraftSubmitted', { documents: d.documents }, d.on);
        const folded = h.view();
        const facts = folded.cooperations.get('C1')!;
        for (const f of facts) if (f.type === 'ContractDraftSubmitted') expect(f.draftHeld).toBe(CONTRACT_DRAFT_DOCUMENTS.reduce((m, k, i) => (missingDraftDocuments((f.data as { documents: { kind: string; sha256: string }[] }).documents).includes(k) ? m : m | (1 << i)), 0));
        // The straightforward path: the same view with every fold-time mask removed.
        const stripped = deserializeLedgerView(serializeLedgerView(folded));
        const list = stripped.cooperations.get('C1')!;
        for (let i = 0; i < list.length; i++) {
          const { draftHeld: _ignored, ...rest } = list[i];
          list[i] = rest;
        }
        expect(list.some((f) => f.draftHeld !== undefined)).toBe(false);
        const restored = deserializeLedgerView(serializeLedgerView(folded));
        expect(restored.cooperations.get('C1')).toEqual(facts);
        const expected = judgeRule(r03ContractReview, stripped, coopRef('C1'), asOf);
        expect(judgeRule(r03ContractReview, folded, coopRef('C1'), asOf)).toEqual(expected);
        expect(judgeRule(r03ContractReview, restored, coopRef('C1'), asOf)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('overLimitIntervals: the guard and the skipped sort change no interval', () => {
    const reference = (changes: readonly { on: string; delta: number; eventId: string }[], limit: number) => {
      const sorted = [...changes].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
      const out: { since: string; until: string | null; evidence: string[] }[] = [];
      let count = 0;
      let open: { since: string; until: string | null; evidence: string[] } | null = null;
      let i = 0;
      while (i < sorted.length) {
        const d = sorted[i].on;
        const ids: string[] = [];
        while (i < sorted.length && sorted[i].on === d) {
          count += sorted[i].delta;
          if (sorted[i].delta > 0) ids.push(sorted[i].eventId);
          i++;
        }
        if (count > limit && !open) {
          open = { since: d, until: null, evidence: ids };
          out.push(open);
        } else if (count <= limit && open) {
          open.until = d;
          open = null;
        } else if (open) open.evidence.push(...ids);
      }
      return out;
    };
    const change = fc.record({ on: day, delta: fc.constantFrom(1, 1, 1, -1, -1, 2, 0), eventId: fc.constantFrom('e1', 'e2', 'e3', 'e4', 'e5') });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 12 }), fc.integer({ min: -1, max: 4 }), fc.boolean(), (changes, limit, sortFirst) => {
        const input = sortFirst ? [...changes].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0)) : changes;
        expect(overLimitIntervals(input, limit)).toEqual(reference(input, limit));
      }),
      { numRuns: 500 },
    );
  });

  it('approvalsHeld: loops = find / every / some', () => {
    const sameApplicant = (a: Applicant, b: Applicant): boolean =>
      'schoolId' in a ? 'schoolId' in b && a.schoolId === b.schoolId : 'authority' in b && sameAuthority(a.authority, b.authority);
    const reference = (c: CooperationView, required: RequiredApprovals, by: string) => {
      const held: ApprovalRecord[] = [];
      let prev: { on: string; pos: number } | null = null;
      for (let i = 0; i < required.chain.length; i++) {
        const need = required.chain[i];
        const found = c.approvals.find(
          (a) =>
            a.decision === 'GRANTED' &&
            a.on <= by &&
            sameAuthority(a.authority, need) &&
            (!prev || a.on > prev.on || (a.on === prev.on && a.pos > prev.pos)) &&
            (i > 0 || required.applicants.every((ap) => a.applicants.some((x) => sameApplicant(x, ap)))),
        );
        if (!found) return undefined;
        held.push(found);
        prev = found;
      }
      return held;
    };
    const authority: fc.Arbitrary<Authority> = fc.oneof(
      fc.constant({ kind: 'CITY_BUREAU' } as Authority),
      fc.constant({ kind: 'CITY_GOVERNMENT' } as Authority),
      fc.constantFrom('430102', '430104').map((districtCode) => ({ kind: 'DISTRICT_BUREAU', districtCode }) as Authority),
      fc.constantFrom('430102', '430104').map((districtCode) => ({ kind: 'DISTRICT_GOVERNMENT', districtCode }) as Authority),
    );
    const applicant: fc.Arbitrary<Applicant> = fc.oneof(
      fc.constantFrom('S1', 'S2').map((schoolId) => ({ schoolId })),
      authority.map((a) => ({ authority: a })),
    );
    const approval = fc.record({
      on: day,
      pos: fc.integer({ min: 1, max: 5 }),
      eventId: fc.constantFrom('a1', 'a2', 'a3'),
      decision: fc.constantFrom('GRANTED' as const, 'GRANTED' as const, 'DENIED' as const),
      authority,
      documentNo: fc.constant('批1'),
      applicants: fc.array(applicant, { maxLength: 3 }),
    });
    fc.assert(
      fc.property(
        fc.array(approval, { maxLength: 6 }),
        fc.array(authority, { minLength: 1, maxLength: 3 }),
        fc.array(applicant, { maxLength: 2 }),
        day,
        (approvals, chain, applicants, by) => {
          const c = { approvals } as unknown as CooperationView;
          const required: RequiredApprovals = { case: 'DISTRICT_LEAD', chain, applicants };
          expect(approvalsHeld(c, required, by)).toEqual(reference(c, required, by));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('iso-day: formatting without padStart and the school-year bounds = the padded forms', () => {
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    const dayArb = fc.integer({ min: toDayNumber('1000-01-01'), max: toDayNumber('9990-12-31') }).map(fromDayNumber);
    fc.assert(
      fc.property(dayArb, fc.integer({ min: -400, max: 400 }), (d, n) => {
        expect(d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(toDayNumber(fromDayNumber(toDayNumber(d) + n))).toBe(toDayNumber(d) + n);
        const [y, m, dd] = d.split('-').map(Number);
        const total = y * 12 + (m - 1) + n;
        const ny = Math.floor(total / 12);
        const nm = total - ny * 12 + 1;
        const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
        expect(addMonths(d, n)).toBe(`${pad(ny, 4)}-${pad(nm, 2)}-${pad(Math.min(dd, last), 2)}`);
        expect(addYears(d, Math.trunc(n / 12))).toBe(addMonths(d, 12 * Math.trunc(n / 12)));
        expect(addDays(d, n)).toBe(fromDayNumber(toDayNumber(d) + n));
        expect(schoolYearStart(y)).toBe(`${pad(y, 4)}-09-01`);
        expect(schoolYearEnd(y)).toBe(`${pad(y + 1, 4)}-08-31`);
      }),
      { numRuns: 500 },
    );
    for (const y of [-1, 0, 999, 9999, 10000, 2021.5]) {
      expect(schoolYearStart(y)).toBe(`${pad(y, 4)}-09-01`);
      expect(schoolYearEnd(y)).toBe(`${pad(y + 1, 4)}-08-31`);
    }
  });

  it('R13 with the count guard = R13 grouping every year', () => {
    const reference: Rule = {
      ...r13JointExamLimit,
      evaluate(ctx: RuleContext): Finding[] {
        const out: Finding[] = [];
        const g = ctx.states.group(ctx.subject.id);
        if (!g) return out;
        const byYear = new Map<string, { on: string; eventId: string }[]>();
        for (const e of g.jointExams) {
          if (!inForce(this, e.on)) continue;
          const y = e.on.slice(0, 4);
          let list = byYear.get(y);
          if (!list) byYear.set(y, (list = []));
          list.push(e);
        }
        const max = ctx.params.maxJointExamsPerYear;
        for (const [year, exams] of byYear) {
          if (exams.length <= max) continue;
          push(out, breach(this, ctx, { since: exams[max].on, evidence: exams.map((e) => e.eventId), vars: { year, count: exams.length, max } }));
        }
        return out;
      },
    };
    fc.assert(
      fc.property(fc.array(day, { maxLength: 8 }), day, fc.integer({ min: 0, max: 3 }), (exams, asOf, max) => {
        const h = history();
        leadAndPartner(h);
        for (const on of exams) h.groupEvent('G1', 'JointExamHeld', { participants: [LEAD] }, on);
        const view = h.view();
        const params = { maxJointExamsPerYear: max };
        expect(judgeRule(r13JointExamLimit, view, groupRef('G1'), asOf, params)).toEqual(judgeRule(reference, view, groupRef('G1'), asOf, params));
      }),
      { numRuns: 200 },
    );
  });

  it('R04 and R10 with the admission-count guards (ADR 0107) = R04 and R10 building every change list', () => {
    // Verbatim the code before ADR 0107.
    const r04Reference: Rule = {
      ...r04GroupSize,
      evaluate(ctx: RuleContext): Finding[] {
        const led = ctx.states.cooperationsLedBy(ctx.subject.id);
        const changes: { on: string; delta: number; eventId: string }[] = [];
        for (const c of led) {
          if (!c.admission) continue;
          changes.push({ on: c.admission.on, delta: 1, eventId: c.admission.eventId });
          if (c.endedOn) changes.push({ on: c.endedOn, delta: -1, eventId: c.exit?.eventId ?? c.admission.eventId });
        }
        const max = ctx.params.maxPartnersPerLead;
        const out: Finding[] = [];
        for (const i of overLimitIntervals(changes, max)) push(out, breach(this, ctx, { since: i.since, resolvedOn: i.until, evidence: i.evidence, vars: { max } }));
        return out;
      },
    };
    const r10Reference: Rule = {
      ...r10OnePartnerPerDistrict,
      evaluate(ctx: RuleContext): Finding[] {
        const led = ctx.states.cooperationsLedBy(ctx.subject.id);
        const byDistrict = new Map<string, { on: string; delta: number; eventId: string }[]>();
        for (const c of led) {
          if (!c.admission) continue;
          const district = ctx.states.school(c.partnerSchoolId)?.districtCode;
          if (!district) continue;
          let list = byDistrict.get(district);
          if (!list) byDistrict.set(district, (list = []));
          list.push({ on: c.admission.on, delta: 1, eventId: c.admission.eventId });
          if (c.endedOn) list.push({ on: c.endedOn, delta: -1, eventId: c.exit?.eventId ?? c.admission.eventId });
        }
        const max = ctx.params.maxPartnersPerDistrict;
        const out: Finding[] = [];
        for (const district of [...byDistrict.keys()].sort()) {
          for (const i of overLimitIntervals(byDistrict.get(district)!, max)) push(out, breach(this, ctx, { since: i.since, resolvedOn: i.until, evidence: i.evidence, vars: { district, max } }));
        }
        return out;
      },
    };
    const partner = fc.record({
      district: fc.constantFrom('430102', '430104', '430111'),
      admitted: fc.option(day, { nil: undefined }),
      exitOn: fc.option(day, { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(partner, { maxLength: 7 }), day, fc.integer({ min: -1, max: 4 }), fc.integer({ min: -1, max: 3 }), (partners, asOf, maxLead, maxDistrict) => {
        const h = history();
        leadAndPartner(h);
        partners.forEach((p, i) => {
          const id = `43000001${String(i).padStart(2, '0')}`;
          h.school(id, { districtCode: p.district });
          if (p.admitted) h.cooperate(`C${i}`, 'G1', LEAD, id, p.admitted, { termEnd: '2030-08-31' });
          else h.propose(`C${i}`, 'G1', LEAD, id, '2020-07-01');
          if (p.admitted && p.exitOn) h.exit(`C${i}`, p.exitOn);
        });
        const view = h.view();
        const params = { maxPartnersPerLead: maxLead, maxPartnersPerDistrict: maxDistrict };
        expect(judgeRule(r04GroupSize, view, schoolRef(LEAD), asOf, params)).toEqual(judgeRule(r04Reference, view, schoolRef(LEAD), asOf, params));
        expect(judgeRule(r10OnePartnerPerDistrict, view, schoolRef(LEAD), asOf, params)).toEqual(judgeRule(r10Reference, view, schoolRef(LEAD), asOf, params));
      }),
      { numRuns: 300 },
    );
  });

  it('R14 with one pass per school year = R14 filtering each year', () => {
    const reference: Rule = {
      ...r14TwoWayExchange,
      evaluate(ctx: RuleContext): Finding[] {
        const out: Finding[] = [];
        const p = cooperationParties(ctx);
        if (!p || !p.c.admission) return out;
        const { c } = p;
        const admission = p.c.admission;
        const syOf = (d: string) => (Number(d.slice(5, 7)) >= 9 ? Number(d.slice(0, 4)) : Number(d.slice(0, 4)) - 1);
        const firstYear = Math.max(syOf(this.effectiveFrom) + 1, syOf(admission.on) + (admission.on > schoolYearStart(syOf(admission.on)) ? 1 : 0));
        for (let y = firstYear; schoolYearEnd(y) < ctx.asOf; y++) {
          const start = schoolYearStart(y);
          const end = schoolYearEnd(y);
          if (c.endedOn && c.endedOn <= end) break;
          const inYear = c.dispatches.filter((d) => d.on >= start && d.on <= end);
          const out1 = inYear.some((d) => d.direction === 'LEAD_TO_PARTNER' && (d.role === 'MANAGER' || d.role === 'KEY_TEACHER'));
          const in1 = inYear.some((d) => d.direction === 'PARTNER_TO_LEAD');
          if (out1 && in1) continue;
          const missingZh = [!out1 && '优质学校未派出管理干部或骨干教师', !in1 && '合作学校未派教师到优质学校跟岗'].filter(Boolean).join('；');
          const missingEn = [!out1 && 'no manager or key teacher sent lead→partner', !in1 && 'no teacher shadowing partner→lead'].filter(Boolean).join('; ');
          push(out, breach(this, ctx, { since: schoolYearStart(y + 1), evidence: [admission.eventId, ...inYear.map((d) => d.eventId)], vars: { year: `${y}-${y + 1}`, missingZh, missingEn } }));
        }
        return out;
      },
    };
    const dispatch = fc.record({
      on: day,
      role: fc.constantFrom('MANAGER', 'KEY_TEACHER', 'TEACHER'),
      direction: fc.constantFrom('LEAD_TO_PARTNER', 'PARTNER_TO_LEAD'),
    });
    fc.assert(
      fc.property(day, fc.array(dispatch, { maxLength: 10 }), fc.option(day, { nil: undefined }), fc.constantFrom('2023-09-01', '2024-12-31', '2026-06-30'), (admitted, dispatches, exitOn, asOf) => {
        const h = history();
        leadAndPartner(h);
        h.cooperate('C1', 'G1', LEAD, PARTNER, admitted, { termEnd: '2030-08-31' });
        dispatches.forEach((d, i) => h.coop('C1', 'TeacherDispatched', { teacherId: `t${i}`, role: d.role, direction: d.direction }, d.on));
        if (exitOn) h.exit('C1', exitOn);
        const view = h.view();
        expect(judgeRule(r14TwoWayExchange, view, coopRef('C1'), asOf)).toEqual(judgeRule(reference, view, coopRef('C1'), asOf));
      }),
      { numRuns: 300 },
    );
  });

  it('termSegments: the one-entry memo answers each state, in any order of readers', () => {
    const h = history();
    leadAndPartner(h);
    h.cooperate('C1', 'G1', LEAD, PARTNER, '2021-03-01', { termEnd: '2024-08-31' });
    h.coop('C1', 'CooperationExtended', { newTermEnd: '2026-08-31', documentNo: '延1' }, '2024-01-01');
    h.cooperate('C2', 'G1', LEAD, PARTNER, '2021-04-01', { termEnd: '2025-08-31' });
    const states = new StateCache(h.view(), { asOf: '2025-01-01' });
    const c1 = states.cooperation('C1')!;
    const c2 = states.cooperation('C2')!;
    const ends = (c: CooperationView) => termSegments(c).map((s) => [s.end, s.from, s.until]);
    const first = [ends(c1), ends(c2)];
    expect([ends(c1), ends(c1), ends(c2), ends(c1), ends(c2), ends(c2)]).toEqual([first[0], first[0], first[1], first[0], first[1], first[1]]);
    expect(first[0]).toEqual([
      ['2024-08-31', '2021-03-01', '2024-01-01'],
      ['2026-08-31', '2024-01-01', null],
    ]);
  });
  it('R19 and R20 skipping a segment not yet due at asOf (ADR 0112) = R19 and R20 building every breach', () => {
    // The rules as they were before the `startsAfter` guard, verbatim.
    const r19Reference: Rule = {
      ...r19ExpiryNotice,
      evaluate(ctx: RuleContext): Finding[] {
        const p = cooperationParties(ctx);
        if (!p || !p.c.admission) return [];
        const { c, lead, partner } = p;
        const segments = termSegments(c);
        const out: Finding[] = [];
        for (let i = 0; i < segments.length; i++) {
          const seg = segments[i];
          const due = addMonths(seg.end, -ctx.params.noticeMonths);
          if (c.admission!.on > due || (c.endedOn && c.endedOn <= due) || (seg.until && seg.until <= due)) continue;
          const complete = noticeCompleteOn(c, lead, partner, seg.from);
          if (complete && complete.on <= due) continue;
          const ends = [complete?.on, seg.until, c.endedOn].filter((d): d is string => !!d).sort();
          push(
            out,
            breach(this, ctx, {
              since: addDays(due, 1),
              resolvedOn: ends[0] ?? null,
              evidence: [seg.eventId, ...(complete?.eventIds ?? c.notices.map((n) => n.eventId))],
              vars: { termEnd: seg.end, due },
            }),
          );
        }
        return out;
      },
    };
    const r20Reference: Rule = {
      ...r20NoOverrun,
      evaluate(ctx: RuleContext): Finding[] {
        const p = cooperationParties(ctx);
        if (!p || !p.c.admission) return [];
        const { c } = p;
        const segments = termSegments(c);
        const out: Finding[] = [];
        for (let i = 0; i < segments.length; i++) {
          const seg = segments[i];
          if (c.admission!.on > seg.end || (c.endedOn && c.endedOn <= seg.end) || (seg.until && seg.until <= seg.end)) continue;
          const ends = [seg.until, c.endedOn].filter((d): d is string => !!d).sort();
          push(out, breach(this, ctx, { since: addDays(seg.end, 1), resolvedOn: ends[0] ?? null, evidence: [seg.eventId, c.admission!.eventId], vars: { termEnd: seg.end } }));
        }
        return out;
      },
    };
    const recipients = fc.subarray([CITY_BUREAU, districtBureau('430104'), districtBureau('430102')]);
    const notice = fc.record({ on: day, recipients, plan: fc.boolean() });
    const extension = fc.record({ on: day, newTermEnd: day });
    fc.assert(
      fc.property(
        day,
        day,
        fc.array(extension, { maxLength: 2 }),
        fc.array(notice, { maxLength: 3 }),
        fc.option(day, { nil: undefined }),
        fc.oneof(fc.constantFrom(...DAYS, '2026-06-30', '2031-01-01'), fc.record({ anchor: fc.nat(2), due: fc.boolean(), offset: fc.integer({ min: -1, max: 2 }) })),
        fc.integer({ min: 0, max: 12 }),
        (admitted, termEnd, extensions, notices, exitOn, asOfChoice, noticeMonths) => {
          // asOf on, or a day around, a term end or a notice due date (where the guard's edge lies).
          const ends = [termEnd, ...extensions.map((e) => e.newTermEnd)];
          const asOf =
            typeof asOfChoice === 'string'
              ? asOfChoice
              : addDays(asOfChoice.due ? addMonths(ends[asOfChoice.anchor % ends.length], -noticeMonths) : ends[asOfChoice.anchor % ends.length], asOfChoice.offset);
          const h = history();
          leadAndPartner(h);
          h.cooperate('C1', 'G1', LEAD, PARTNER, admitted, { termEnd });
          extensions.forEach((e, i) => h.coop('C1', 'CooperationExtended', { newTermEnd: e.newTermEnd, documentNo: `延${i}` }, e.on));
          for (const n of notices) h.coop('C1', 'TerminationNoticeFiled', n.plan ? { recipients: n.recipients, plan: doc('TERMINATION_PLAN') } : { recipients: n.recipients }, n.on);
          if (exitOn) h.exit('C1', exitOn);
          const view = h.view();
          const params = { noticeMonths };
          expect(judgeRule(r19ExpiryNotice, view, coopRef('C1'), asOf, params)).toEqual(judgeRule(r19Reference, view, coopRef('C1'), asOf, params));
          expect(judgeRule(r20NoOverrun, view, coopRef('C1'), asOf)).toEqual(judgeRule(r20Reference, view, coopRef('C1'), asOf));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('startsAfter = breach giving nothing for a breach from that day, whatever else it is given', () => {
    const rule = r20NoOverrun;
    fc.assert(
      fc.property(day, day, fc.constantFrom(...DAYS, '2020-12-31', '2021-01-02'), fc.option(day, { nil: undefined }), (since, asOf, effectiveFrom, resolvedOn) => {
        const r: Rule = { ...rule, effectiveFrom };
        const ctx = { asOf, subject: coopRef('C1') } as unknown as RuleContext;
        if (startsAfter(r, since, asOf)) expect(breach(r, ctx, { since, resolvedOn, evidence: ['e1'] })).toBeUndefined();
        // And the converse: a breach from a day not after asOf is judged unless it was resolved before it began.
        else if (resolvedOn === undefined) expect(breach(r, ctx, { since, evidence: ['e1'] })).toBeDefined();
      }),
      { numRuns: 500 },
    );
  });

  it('distinctEvidence (ADR 0164) = scanning the list for each id, short lists and long ones', () => {
    const reference = (evidence: readonly (string | undefined | null)[]) => {
      const out: string[] = [];
      for (const e of evidence) if (typeof e === 'string' && !out.includes(e)) out.push(e);
      return out;
    };
    // A small alphabet, so that lists on both sides of the Set threshold hold repeats.
    const id = fc.oneof(fc.constantFrom('e1', 'e2', 'e3', 'e10', ''), fc.string({ maxLength: 3 }), fc.constant(undefined), fc.constant(null));
    fc.assert(
      fc.property(fc.oneof(fc.array(id, { maxLength: 16 }), fc.array(id, { minLength: 17, maxLength: 60 })), (evidence) => {
        expect(distinctEvidence(evidence)).toEqual(reference(evidence));
      }),
      { numRuns: 1000 },
    );
  });

  it('breach cites each event once, in the order first given, however many the rule cites', () => {
    const ctx = { asOf: '2025-09-01', subject: groupRef('G1') } as unknown as RuleContext;
    const many = Array.from({ length: 1000 }, (_, i) => `exam-${i % 400}`);
    const f = breach(r13JointExamLimit, ctx, { since: '2024-09-01', evidence: [null, ...many, undefined, 'exam-7', 'other'] });
    expect(f?.evidence).toEqual([...Array.from({ length: 400 }, (_, i) => `exam-${i}`), 'other']);
  });
});
