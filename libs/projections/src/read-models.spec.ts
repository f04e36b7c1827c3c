import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { districtsOf, evaluateCompliance, foldLedger, groupAt, parseRecordedEvent, type LedgerView, type SubjectRef } from '@ledger/domain';
import {
  CITY_COMPLIANCE,
  citySettling,
  cachedDeadlines,
  cachedDistricts,
  cachedFindings,
  cachedSubjectFindings,
  cachedSummary,
  type CityComplianceState,
} from './city-compliance/city-compliance.projection';
import { emptyTotals } from './city-compliance/city-totals';
import { filterFindings } from './city-compliance/compliance.query';
import { dashboardSummary } from './dashboard-summary/dashboard-summary.query';
import { deadlinesWithin } from './deadlines/deadlines.query';
import { allSubjects, evaluateCity, evaluateSubjectFindings } from './city-compliance/compliance-engine';
import { seedDemo } from './demo/seed-demo';
import { LEDGER_VIEW } from './ledger-view/ledger-view.projection';
import { allReadModels } from './read-models';
import { ProjectionRunner } from './runner/projection-runner';
import type { ApplyContext, ReadModel } from './runner/read-model';
import { InMemoryEventStore } from '@ledger/event-store/testing/in-memory-event-store';
import { idsOf } from './view-access';

const TODAY = '2026-11-27';
const today = () => TODAY;

/**
 * Runs settle steps to their end with the view changed (one more event counted) after the first,
 * as only a fault could (the runner pauses the fold while they run); the view is put back after.
 */
function runWithTheViewChangedAfterOneStep(steps: Generator<void, unknown, undefined>, view: LedgerView): void {
  steps.next();
  view.eventCount += 1;
  try {
    for (let next = steps.next(); !next.done; next = steps.next());
  } finally {
    view.eventCount -= 1;
  }
}

describe('the read models over the demo ledger', () => {
  let store: InMemoryEventStore;
  let dir: string;

  beforeAll(async () => {
    store = new InMemoryEventStore();
    await seedDemo(store, { groups: 12, today: TODAY });
  });
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'read-models-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("today's cached compliance equals the domain's city-wide evaluation, over many distinct rules", async () => {
    const runner = new ProjectionRunner({ store, models: allReadModels(), today });
    await runner.start();
    const cached = cachedFindings(runner.state<CityComplianceState>(CITY_COMPLIANCE), TODAY);
    const view = runner.state<LedgerView>(LEDGER_VIEW);
    const expected = evaluateCompliance(view, { asOf: TODAY });
    // The same findings in the same order (ADR 0151): a page of today's answer is a page of the
    // evaluation's, as at any other day.
    expect(cached).toEqual(expected);
    // Another day than the model's is not its to answer (the caller evaluates it on the view).
    expect(cachedFindings(runner.state<CityComplianceState>(CITY_COMPLIANCE), '2026-11-28')).toBeUndefined();
    const rules = new Set((cached ?? []).filter((f) => f.severity !== 'advisory').map((f) => f.ruleId));
    expect(rules.size).toBeGreaterThanOrEqual(8);
    await runner.stop();
  });

  it("each subject's findings from the city-compliance model equal its own evaluation, after a start and after live appends (ADR 0137)", async () => {
    const all = store.events;
    const partial = new InMemoryEventStore();
    const half = Math.floor(all.length / 2);
    for (let i = 0; i < half; i++) partial.appendSync(all[i].streamId, [all[i]]);
    const runner = new ProjectionRunner({ store: partial, models: allReadModels(), today });
    await runner.start();
    const compare = (): number => {
      runner.settle();
      const view = runner.state<LedgerView>(LEDGER_VIEW);
      const state = runner.state<CityComplianceState>(CITY_COMPLIANCE);
      let withFindings = 0;
      for (const subject of allSubjects(view)) {
        const cached = cachedSubjectFindings(state, view, subject, TODAY);
        expect(cached).toEqual(evaluateSubjectFindings(view, subject, { asOf: TODAY }, true));
        if (cached && cached.length > 0) withFindings += 1;
      }
      return withFindings;
    };
    // After the start: the model was settled by one city-wide evaluation.
    expect(compare()).toBeGreaterThan(0);
    // The other half arrives while the runner follows live: each event re-judges the subjects it touches.
    for (let i = half; i < all.length; i++) partial.appendSync(all[i].streamId, [all[i]]);
    expect(await runner.waitFor(BigInt(all.length), 10_000)).toBe(true);
    expect(compare()).toBeGreaterThan(0);
    // A group's answer includes its cooperations' findings.
    const view = runner.state<LedgerView>(LEDGER_VIEW);
    const state = runner.state<CityComplianceState>(CITY_COMPLIANCE);
    const groupWithCoopFindings = idsOf(view.groups).find((id) =>
      (view.index.cooperationsByGroup.get(id) ?? []).some((cid) => (state.findings[`cooperation:${cid}`] ?? []).length > 0),
    );
    expect(groupWithCoopFindings).toBeDefined();
    const answer = cachedSubjectFindings(state, view, { type: 'group', id: groupWithCoopFindings as string }, TODAY) ?? [];
    expect(answer.some((f) => f.subject.type === 'cooperation')).toBe(true);
    // The model cannot answer for another day, or while subjects are still to settle.
    expect(cachedSubjectFindings(state, view, { type: 'group', id: groupWithCoopFindings as string }, '2025-01-01')).toBeUndefined();
    expect(cachedSubjectFindings({ ...state, dirty: { 'school:x': true } }, view, { type: 'school', id: 'x' }, TODAY)).toBeUndefined();
    expect(cachedSubjectFindings({ ...state, allDirty: true }, view, { type: 'school', id: 'x' }, TODAY)).toBeUndefined();
    // The answer is a new array: changing it leaves the model's list as it was.
    const key = Object.keys(state.findings)[0];
    const subject = { type: key.slice(0, key.indexOf(':')) as SubjectRef['type'], id: key.slice(key.indexOf(':') + 1) };
    const before = state.findings[key].length;
    cachedSubjectFindings(state, view, subject, TODAY)?.push(state.findings[key][0]);
    expect(state.findings[key].length).toBe(before);
    await runner.stop();
  });

  it('the summary and the deadlines from the city-compliance model equal those derived from the view: after a start, live appends and a later day (ADR 0152)', async () => {
    const all = store.events;
    const partial = new InMemoryEventStore();
    const half = Math.floor(all.length / 2);
    for (let i = 0; i < half; i++) partial.appendSync(all[i].streamId, [all[i]]);
    let day = TODAY;
    const runner = new ProjectionRunner({ store: partial, models: allReadModels(), today: () => day });
    await runner.start();
    const compare = (): void => {
      runner.settle();
      const view = runner.state<LedgerView>(LEDGER_VIEW);
      const state = runner.state<CityComplianceState>(CITY_COMPLIANCE);
      const summary = cachedSummary(state, view, day, runner.position);
      const expected = dashboardSummary(view, evaluateCompliance(view, { asOf: day }), deadlinesWithin(view, day, 3), day, runner.position);
      // The same answer byte for byte: the counts per rule and district in one (sorted) key order.
      expect(JSON.stringify(summary)).toBe(JSON.stringify(expected));
      expect(expected.findings.openViolations).toBeGreaterThan(0);
      expect(Object.keys(expected.findings.byDistrict).length).toBeGreaterThan(1);
      expect(expected.urgentDeadlines.length).toBeGreaterThan(0);
      for (const months of [0, 3, 12, 60]) expect(cachedDeadlines(state, day, months)).toEqual(deadlinesWithin(view, day, months));
    };
    // After the start (one city-wide evaluation), after the rest arrived live (each event re-judges
    // the subjects it touches), and on a later day (the whole city again, at that day).
    compare();
    for (let i = half; i < all.length; i++) partial.appendSync(all[i].streamId, [all[i]]);
    expect(await runner.waitFor(BigInt(all.length), 10_000)).toBe(true);
    compare();
    const before = cachedSummary(runner.state(CITY_COMPLIANCE), runner.state(LEDGER_VIEW), TODAY, runner.position);
    day = '2029-03-01';
    compare();
    expect(cachedSummary(runner.state(CITY_COMPLIANCE), runner.state(LEDGER_VIEW), day, runner.position)).not.toEqual({ ...before, asOf: day });
    // The model cannot answer for another day, or while subjects are still to settle.
    const view = runner.state<LedgerView>(LEDGER_VIEW);
    const state = runner.state<CityComplianceState>(CITY_COMPLIANCE);
    expect(cachedSummary(state, view, TODAY, runner.position)).toBeUndefined();
    expect(cachedDeadlines(state, TODAY, 3)).toBeUndefined();
    expect(cachedSummary({ ...state, dirty: { 'school:x': true } }, view, day, runner.position)).toBeUndefined();
    expect(cachedDeadlines({ ...state, allDirty: true }, day, 3)).toBeUndefined();
    await runner.stop();
  });

  it("judges the whole city in steps (ADR 0159): none while nothing is stale; between two steps the model is whole and answers nothing; the last puts the day's answer in place", async () => {
    const LATER = '2027-03-01';
    const runner = new ProjectionRunner({ store, models: allReadModels(), today });
    await runner.start();
    const model = allReadModels().find((m) => m.name === CITY_COMPLIANCE) as ReadModel<CityComplianceState>;
    const view = runner.state<LedgerView>(LEDGER_VIEW);
    const ctx = (day: string): ApplyContext => ({
      today: day,
      stateOf: <S>(name: string) => runner.state<S>(name),
      emitFindings: () => undefined,
      emitted: [],
      live: true,
    });
    const state = runner.state<CityComplianceState>(CITY_COMPLIANCE);
    // Settled at today: no steps (nor when only the subjects events touched are stale: settle does those).
    expect(model.settling!(state, ctx(TODAY))).toBeUndefined();
    expect(model.settling!({ ...state, dirty: { 'school:x': true } }, ctx(TODAY))).toBeUndefined();
    const todays = cachedFindings(state, TODAY)!;
    const onOneTurn = model.settle!(model.deserialize(model.serialize(state)), ctx(LATER));

    // Steps as small as a city's at a million events, for a city of a dozen groups.
    const steps = citySettling(state, ctx(LATER), { findings: 7, subjects: 5, tracked: 3 })!;
    const whole = { findings: state.findings, totals: state.totals, groups: state.groups };
    let between = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) {
      between += 1;
      expect(cachedFindings(state, LATER)).toBeUndefined();
      expect(cachedSummary(state, view, LATER, runner.position)).toBeUndefined();
      expect(cachedDeadlines(state, LATER, 12)).toBeUndefined();
      // Built aside: what the model held is untouched until the last step.
      expect({ findings: state.findings, totals: state.totals, groups: state.groups }).toEqual(whole);
    }
    // A step per lead, one for the sweep, one per 200 schools swept, per 7 findings, per 5 subjects.
    const leads = view.index.groupsByLead.size + view.index.cooperationsByLead.size;
    const subjects = view.schools.size + view.groups.size + view.cooperations.size;
    const found = evaluateCompliance(view, { asOf: LATER }).length;
    expect(between).toBe(leads + 1 + Math.floor(view.schools.size / 200) + Math.floor(found / 7) + Math.floor(subjects / 5));
    expect(step.value).toBe(state);
    expect(state).toEqual(onOneTurn);
    const later = cachedFindings(state, LATER);
    expect(later).toEqual(evaluateCompliance(view, { asOf: LATER }));
    expect(later).not.toEqual(todays); // else the test could not tell the days apart
    expect(cachedSummary(state, view, LATER, runner.position)).toEqual(
      dashboardSummary(view, later!, deadlinesWithin(view, LATER, 3), LATER, runner.position),
    );

    // The view changing between two steps (the runner pauses the fold, so only a fault could):
    // nothing is put in place, the city stays to be judged.
    const other = model.deserialize(model.serialize(state));
    runWithTheViewChangedAfterOneStep(model.settling!(other, ctx(TODAY))!, view);
    expect(other.allDirty).toBe(true);
    expect(cachedFindings(other, TODAY)).toBeUndefined();
    await runner.stop();
  });

  it('a restart whose tail touches few subjects judges those subjects, in steps, not the whole city; a replay from the start judges the whole city (ADR 0170)', async () => {
    const live = new InMemoryEventStore();
    for (const e of store.events) live.appendSync(e.streamId, [e]);
    const file = join(dir, 'projections.db');
    const first = new ProjectionRunner({ store: live, models: allReadModels(), today, checkpointFile: file });
    await first.start();
    first.saveSnapshot();
    await first.stop();
    // A tail past TRACK_LIMIT (2,000 events) in one group's stream: copies of one of its joint exams.
    const exam = live.events.find((e) => e.type === 'JointExamHeld')!;
    const groupId = (exam.data as { groupId: string }).groupId;
    live.appendSync(
      exam.streamId,
      Array.from({ length: 2_500 }, (_, i) => ({ ...exam, eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` })),
    );
    // And an exception to one open warning, so that the settle has a finding to change.
    const open = cachedFindings(first.state<CityComplianceState>(CITY_COMPLIANCE), TODAY)!.find((f) => f.status === 'OPEN' && f.severity === 'warning' && f.subject.type !== 'school')!;
    const { type, id } = open.subject;
    live.appendSync(`${type}-${id}`, [
      {
        eventId: '00000000-0000-4000-8000-999999999999',
        type: 'ExceptionGranted',
        data: { ruleId: open.ruleId, authority: { kind: 'CITY_BUREAU' }, documentNo: '长教函〔2026〕99号', reason: '测试 · test' },
        metadata: exam.metadata,
      },
    ]);
    // What the city model holds when the runner asks for its settle.
    const asked: { allDirty: boolean; dirty: string[]; inSteps: boolean }[] = [];
    const watched = (): ReadModel<unknown>[] =>
      allReadModels().map((m) => {
        if (m.name !== CITY_COMPLIANCE) return m;
        const city = m as ReadModel<CityComplianceState>;
        return {
          ...city,
          settling: (s: CityComplianceState, c: ApplyContext) => {
            const dirty = Object.keys(s.dirty);
            const steps = citySettling(s, c, { findings: 2_000, subjects: 100, tracked: 2 });
            asked.push({ allDirty: s.allDirty, dirty, inSteps: steps !== undefined });
            return steps;
          },
        } as ReadModel<unknown>;
      });
    const restarted = new ProjectionRunner({ store: live, models: watched(), today, checkpointFile: file });
    await restarted.start();
    // Tracked: the group, its lead school and its cooperations (and theirs), not the city.
    expect(asked[0].allDirty).toBe(false);
    expect(asked[0].inSteps).toBe(true);
    expect(asked[0].dirty).toContain(`group:${groupId}`);
    expect(asked[0].dirty).toContain(`${type}:${id}`);
    const view = restarted.state<LedgerView>(LEDGER_VIEW);
    const subjects = view.schools.size + view.groups.size + view.cooperations.size;
    expect(asked[0].dirty.length).toBeGreaterThan(2); // more than one step of 2
    expect(asked[0].dirty.length).toBeLessThan(subjects / 10);
    const state = restarted.state<CityComplianceState>(CITY_COMPLIANCE);
    expect(cachedFindings(state, TODAY)).toEqual(evaluateCompliance(view, { asOf: TODAY }));
    const excepted = state.findings[`${type}:${id}`].find((f) => f.ruleId === open.ruleId && f.since === open.since);
    expect(excepted?.status).toBe('EXCEPTED');
    expect(cachedSummary(state, view, TODAY, restarted.position)).toEqual(
      dashboardSummary(view, evaluateCompliance(view, { asOf: TODAY }), deadlinesWithin(view, TODAY, 3), TODAY, restarted.position),
    );
    await restarted.stop();

    // The same log from the start: nearly every subject is new, the whole city is judged.
    asked.length = 0;
    const replay = new ProjectionRunner({ store: live, models: watched(), today });
    await replay.start();
    expect(asked[0]).toEqual({ allDirty: true, dirty: [], inSteps: true });
    expect(replay.state<CityComplianceState>(CITY_COMPLIANCE).findings).toEqual(state.findings);
    await replay.stop();
  });

  it('judges tracked subjects in steps (ADR 0170): between two steps the model answers nothing; a change of the view between them stops the steps, what is left stays dirty', async () => {
    const runner = new ProjectionRunner({ store, models: allReadModels(), today });
    await runner.start();
    const view = runner.state<LedgerView>(LEDGER_VIEW);
    const ctx: ApplyContext = { today: TODAY, stateOf: <S>(name: string) => runner.state<S>(name), emitFindings: () => undefined, emitted: [], live: true };
    const state = runner.state<CityComplianceState>(CITY_COMPLIANCE);
    const settled = structuredClone({ findings: state.findings, totals: state.totals });
    const keys = allSubjects(view)
      .slice(0, 10)
      .map((s) => `${s.type}:${s.id}`);
    const per = { findings: 2_000, subjects: 100, tracked: 3 };
    // No more than a step's worth: settled on one turn, no steps.
    for (const k of keys.slice(0, 3)) state.dirty[k] = true;
    expect(citySettling(state, ctx, per)).toBeUndefined();
    for (const k of keys) state.dirty[k] = true;
    const steps = citySettling(state, ctx, per)!;
    let between = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) {
      between += 1;
      expect(cachedFindings(state, TODAY)).toBeUndefined();
      expect(cachedSummary(state, view, TODAY, runner.position)).toBeUndefined();
      expect(Object.keys(state.dirty)).toEqual(keys.slice(3 * between)); // each step sets its subjects in place
    }
    expect(between).toBe(3); // 10 subjects, 3 a step: 4 steps
    expect(state.dirty).toEqual({});
    expect({ findings: state.findings, totals: state.totals }).toEqual(settled);
    expect(cachedFindings(state, TODAY)).toEqual(evaluateCompliance(view, { asOf: TODAY }));

    for (const k of keys) state.dirty[k] = true;
    runWithTheViewChangedAfterOneStep(citySettling(state, ctx, per)!, view);
    expect(Object.keys(state.dirty)).toEqual(keys.slice(3));
    expect(cachedFindings(state, TODAY)).toBeUndefined();
    await runner.stop();
  });

  it("the district codes the model keeps are the view's, for every subject with findings, also after a school's district changes; a district's page is the same either way", async () => {
    const live = new InMemoryEventStore();
    for (const e of store.events) live.appendSync(e.streamId, [e]);
    const runner = new ProjectionRunner({ store: live, models: allReadModels(), today });
    await runner.start();
    const check = (): string[] => {
      runner.settle();
      const view = runner.state<LedgerView>(LEDGER_VIEW);
      const state = runner.state<CityComplianceState>(CITY_COMPLIANCE);
      const lookup = cachedDistricts(state, view);
      const keys = Object.keys(state.findings);
      expect(keys.length).toBeGreaterThan(10);
      for (const k of keys) {
        const [type, id] = [k.slice(0, k.indexOf(':')), k.slice(k.indexOf(':') + 1)] as [SubjectRef['type'], string];
        expect({ k, codes: lookup({ type, id }) }).toEqual({ k, codes: districtsOf({ type, id }, view) });
      }
      const findings = cachedFindings(state, TODAY)!;
      const codes = [...new Set(keys.flatMap((k) => state.districts[k]))];
      expect(codes.length).toBeGreaterThan(2);
      for (const districtCode of codes) {
        const expected = findings.filter((f) => districtsOf(f.subject, view).includes(districtCode));
        expect(expected.length).toBeGreaterThan(0);
        expect(filterFindings(findings, view, { districtCode }, lookup)).toEqual(expected);
      }
      return keys.map((k) => `${k}=${state.districts[k].join(',')}`);
    };
    const before = check();
    // The lead school of a group with findings is registered again, in another district.
    const state = runner.state<CityComplianceState>(CITY_COMPLIANCE);
    const view = runner.state<LedgerView>(LEDGER_VIEW);
    const group = Object.keys(state.findings).find((k) => k.startsWith('group:'))!.slice('group:'.length);
    const lead = groupAt(view, group, { asOf: TODAY })!.leadSchoolId;
    const registered = live.events.find((e) => e.type === 'SchoolRegistered' && (e.data as { schoolId?: string }).schoolId === lead)!;
    const moved = { ...(registered.data as Record<string, unknown>), districtCode: '430199' };
    const { position } = live.appendSync(registered.streamId, [{ ...registered, eventId: '0f8a1c7e-4b7d-4c55-9f43-6a1d2b3c4d5e', data: moved }]);
    expect(await runner.waitFor(position, 10_000)).toBe(true);
    const after = check();
    expect(after.filter((line) => line.includes('430199')).length).toBeGreaterThan(0); // else the test could not fail
    expect(after).not.toEqual(before);
    // With subjects still to settle, the view answers (the model's codes may be stale then).
    const settled = runner.state<CityComplianceState>(CITY_COMPLIANCE);
    const unsettled = { ...settled, dirty: { [`group:${group}`]: true as const }, districts: { ...settled.districts, [`group:${group}`]: ['stale'] } };
    expect(cachedDistricts(unsettled, view)({ type: 'group', id: group })).toEqual(districtsOf({ type: 'group', id: group }, view));
    await runner.stop();
  });

  it("the totals are every subject's parts: judging each subject again (on no change) leaves them as they were", async () => {
    const runner = new ProjectionRunner({ store, models: allReadModels(), today });
    await runner.start();
    const state = runner.state<CityComplianceState>(CITY_COMPLIANCE);
    const totals = structuredClone(state.totals);
    expect(totals).not.toEqual(emptyTotals());
    // Every subject marked stale and settled one by one (the catch-up's path): the same totals.
    for (const s of allSubjects(runner.state<LedgerView>(LEDGER_VIEW))) state.dirty[`${s.type}:${s.id}`] = true;
    runner.settle();
    expect(state.totals).toEqual(totals);
    await runner.stop();
  });

  it('asOf/knownAt answers from the live view match a refold of the store (bitemporal folding)', async () => {
    const runner = new ProjectionRunner({ store, models: allReadModels(), today });
    await runner.start();
    const view = runner.state<LedgerView>(LEDGER_VIEW);
    const recorded = store.events.map((e) => parseRecordedEvent(e));
    const head = store.events.length;
    await fc.assert(
      fc.property(
        fc.integer({ min: 1, max: head }),
        fc.constantFrom('2021-06-30', '2023-09-01', '2025-01-01', TODAY),
        fc.boolean(),
        (position, asOf, byInstant) => {
          // knownAt as a position, or as the recording instant of the event at that position.
          const knownAt = byInstant ? { instant: recorded[position - 1].metadata.recordedAt } : { position };
          const refold = foldLedger(recorded, { knownAt });
          const a = evaluateCity(view, { asOf, knownAt });
          const b = evaluateCity(refold, { asOf });
          expect(a).toEqual(b);
          const groupId = idsOf(refold.groups)[0];
          if (groupId) expect(groupAt(view, groupId, { asOf, knownAt })).toEqual(groupAt(refold, groupId, { asOf }));
        },
      ),
      { numRuns: 10 },
    );
    await runner.stop();
  });

  it('a rebuild from zero equals incremental processing with restarts and live appends (property)', async () => {
    const all = store.events;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: all.length - 1 }), { minLength: 1, maxLength: 3 }), async (cuts) => {
        const file = join(dir, `p-${cuts.join('-')}.db`);
        const partial = new InMemoryEventStore();
        const points = [...cuts.sort((a, b) => a - b), all.length];
        let i = 0;
        for (const point of points) {
          const runner = new ProjectionRunner({ store: partial, models: allReadModels(), today, checkpointFile: file, snapshotEvery: 97 });
          await runner.start();
          // Half of each slice arrives while the runner follows live, the rest while it is stopped.
          const live = Math.floor((point - i) / 2);
          for (; i < point - live; i++) partial.appendSync(all[i].streamId, [all[i]]);
          await runner.stop();
          for (; i < point; i++) partial.appendSync(all[i].streamId, [all[i]]);
        }
        const incremental = new ProjectionRunner({ store: partial, models: allReadModels(), today, checkpointFile: file });
        await incremental.start();
        const fresh = new ProjectionRunner({ store: partial, models: allReadModels(), today });
        await fresh.rebuild();
        // toEqual compares the view's Maps entry by entry (a JSON round trip would turn them into {}).
        expect(incremental.state(LEDGER_VIEW)).toEqual(fresh.state(LEDGER_VIEW));
        expect(incremental.state(CITY_COMPLIANCE)).toEqual(fresh.state(CITY_COMPLIANCE));
        await incremental.stop();
        await fresh.stop();
      }),
      { numRuns: 4 },
    );
  });
});
