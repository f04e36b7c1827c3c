import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { NEVER } from 'rxjs';
import { districtsOf, type Finding, type LedgerView, type ViewAt } from '@ledger/domain';
import type { EventStore, StoredEvent } from '@ledger/event-store';
import { FixedClock, type LedgerConfig } from '@ledger/platform';
import {
  CITY_COMPLIANCE,
  LEDGER_VIEW,
  ProjectionRunner,
  allReadModels,
  cachedFindings,
  dashboardSummary,
  deadlinesWithin,
  evaluateCity,
  evaluateSubjectFindings,
  filterFindings,
  seedDemo,
  subjectHistory,
  type CityComplianceState,
  type ComplianceFilter,
} from '@ledger/projections';
import { InMemoryEventStore } from '@ledger/event-store/testing/in-memory-event-store';
import { BootOrder } from '../platform/boot-order';
import { HealthRegistry } from '../platform/health-registry';
import { Problem } from '../problem/problem';
import { BACKGROUND_CATCH_UP_FROM, CATCHING_UP_RETRY_AFTER_SECONDS, ReadSide } from './read-side.service';

/**
 * A log long enough to be caught up after the server listens, whose first page is held until
 * `release` (answered empty: the head says more, but a short page ends the catch-up) or `fail`.
 */
function heldStore() {
  let release!: (page: StoredEvent[]) => void;
  let fail!: (err: Error) => void;
  const page = new Promise<StoredEvent[]>((resolve, reject) => {
    release = resolve;
    fail = reject;
  });
  const store = {
    headPosition: async () => BACKGROUND_CATCH_UP_FROM + 1n,
    readAll: () => page,
    subscribeToAll: () => NEVER,
  } as unknown as EventStore;
  return { store, release: () => release([]), fail };
}

const problemOf = (fn: () => unknown): Problem => {
  try {
    fn();
  } catch (err) {
    if (err instanceof Problem) return err;
    throw err;
  }
  throw new Error('no problem raised');
};

describe('ReadSide while the first catch-up of a long log runs after listening (ADR 0143)', () => {
  let dir: string;
  let logged: jest.SpyInstance;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'read-side-'));
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  const readSide = (store: EventStore, health = new HealthRegistry(), bootOrder?: BootOrder) =>
    new ReadSide(
      store,
      new FixedClock('2026-11-27T04:00:00.000Z'),
      { dataDir: dir, seedDemo: false, eventStore: 'sqlite' } as LedgerConfig,
      health,
      bootOrder,
    );

  /** The `projections` entry of /health, as registered by the read side. */
  const projectionsOf = async (health: HealthRegistry) =>
    ((await health.all()[0]()) as { projections: { status: string; restoring: boolean; message?: string } })
      .projections;

  it('answers queries 503 READ_MODEL.CATCHING_UP with Retry-After until it is done, then from the read models', async () => {
    const { store, release } = heldStore();
    const reads = readSide(store);
    await reads.onApplicationBootstrap(); // returns at once: the catch-up goes on in the background
    expect(reads.ready).toBe(false);
    const problem = problemOf(() => reads.view());
    expect(problem.document).toMatchObject({ status: 503, code: 'READ_MODEL.CATCHING_UP', position: '0' });
    expect(problem.document.detail).toMatch(/^读模型正在追赶日志.*· the read models are catching up/);
    expect(problem.headers).toEqual({ 'Retry-After': String(CATCHING_UP_RETRY_AFTER_SECONDS) });
    await expect(reads.findings({ asOf: '2026-11-27' })).rejects.toThrow(Problem);

    release();
    await reads.whenReady();
    expect(reads.ready).toBe(true);
    expect(reads.view().groups.size).toBe(0);
    await reads.onApplicationShutdown();
  });

  it('says the read models failed, not that they are catching up, when the catch-up failed', async () => {
    const { store, fail } = heldStore();
    const reads = readSide(store);
    await reads.onApplicationBootstrap();
    fail(new Error('disk I/O error'));
    await reads.whenReady();
    expect(reads.ready).toBe(false);
    const problem = problemOf(() => reads.view());
    expect(problem.document).toMatchObject({ status: 503, code: 'READ_MODEL.FAILED' });
    expect(problem.document.detail).toContain('disk I/O error');
    expect(logged).toHaveBeenCalledWith(
      expect.stringMatching(/^Read side failed to start: Error: disk I\/O error/),
    );
    await reads.onApplicationShutdown();
  });

  it('logs how a long catch-up goes, about every 10 s: position of head, share, rate, time left', async () => {
    const info = Logger.prototype.log as unknown as jest.SpyInstance;
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined); // the events set aside
    let clock = Date.parse('2026-11-27T04:00:00.000Z');
    jest.spyOn(Date, 'now').mockImplementation(() => clock);
    const head = 2_000n;
    const store = {
      headPosition: async () => head,
      // Pages of events no model can parse (set aside, so none is applied: the line's rate is 0);
      // the positions move as in any catch-up. Each page takes 6 s of the clock.
      readAll: async ({ after, maxCount }: { after: bigint; maxCount: number }) => {
        clock += 6_000;
        const page: StoredEvent[] = [];
        for (let p = after + 1n; p <= head && page.length < maxCount; p++)
          page.push({
            position: p,
            eventId: `e${p}`,
            streamId: 's',
            revision: 0n,
            type: 'Unknown',
            data: {},
            metadata: {},
          } as unknown as StoredEvent);
        return page;
      },
      subscribeToAll: () => NEVER,
    } as unknown as EventStore;
    const reads = readSide(store);
    await reads.onApplicationBootstrap();
    await reads.whenReady();
    const lines = info.mock.calls
      .map((c: unknown[]) => String(c[0]))
      .filter((m) => m.includes('catching up with the log'));
    // Pages end at 500, 1000, 1500, 2000, 6 s apart: the first is the baseline, a line 12 s later.
    expect(lines).toEqual([expect.stringContaining('position 1500 of 2000 (75.0%)')]);
    expect(lines[0]).toMatch(/^读模型追赶日志中：位置 1500 \/ 2000（75\.0%）/);
    await reads.onApplicationShutdown();
  });

  it('restores the snapshots after listening, a slice a turn: /health says restoring, queries answer 503 meanwhile (ADR 0146)', async () => {
    // The read models' snapshots (chunked), as a previous run left them in the data dir.
    const empty = { headPosition: async () => 0n, readAll: async () => [], subscribeToAll: () => NEVER };
    const previous = new ProjectionRunner({
      store: empty as unknown as EventStore,
      models: allReadModels(),
      checkpointFile: join(dir, 'projections.db'),
      today: () => '2026-11-27',
    });
    await previous.start();
    previous.saveSnapshot();
    await previous.stop();
    // Every step of the restore looks 20 ms long, so each is a slice of its own.
    let now = 0;
    jest.spyOn(performance, 'now').mockImplementation(() => (now += 20));

    const { store, release } = heldStore();
    const health = new HealthRegistry();
    const reads = readSide(store, health);
    await reads.onApplicationBootstrap(); // returns after the restore's first slice
    const projections = () => projectionsOf(health);
    expect(reads.runner.restoringSnapshots).toBe(true);
    expect(await projections()).toMatchObject({
      status: 'down',
      restoring: true,
      message: '正在从快照恢复 · restoring snapshots',
    });
    const problem = problemOf(() => reads.view());
    expect(problem.document).toMatchObject({ status: 503, code: 'READ_MODEL.CATCHING_UP' });
    expect(problem.document.detail).toMatch(
      /^读模型正在从快照恢复.*· the read models are being restored from their snapshots/,
    );

    for (let i = 0; i < 1_000 && reads.runner.restoringSnapshots; i++)
      await new Promise((r) => setImmediate(r));
    expect(await projections()).toMatchObject({
      status: 'down',
      restoring: false,
      message: '正在追赶日志 · catching up with the log',
    });
    expect(problemOf(() => reads.view()).document.detail).toMatch(/^读模型正在追赶日志/);
    release();
    await reads.whenReady();
    expect(reads.ready).toBe(true);
    expect(await projections()).toMatchObject({ status: 'up', restoring: false });
    expect(await projections()).not.toHaveProperty('message');
    await reads.onApplicationShutdown();
  });

  it('says on /health why the projections are down: failed to start, or stopped on an error once ready (ADR 0147)', async () => {
    const health = new HealthRegistry();
    const projections = () => projectionsOf(health);
    const failing = heldStore();
    const broken = readSide(failing.store, health);
    await broken.onApplicationBootstrap();
    failing.fail(new Error('disk I/O error'));
    await broken.whenReady();
    expect(await projections()).toMatchObject({
      status: 'down',
      message: '启动失败 · failed to start',
      error: 'disk I/O error',
    });
    await broken.onApplicationShutdown();

    const later = new HealthRegistry();
    const { store, release } = heldStore();
    const reads = readSide(store, later);
    await reads.onApplicationBootstrap();
    release();
    await reads.whenReady();
    reads.runner['fail'](new Error('snapshot not saved: disk full')); // as a failed live save does
    expect(await projectionsOf(later)).toMatchObject({
      status: 'down',
      message: '出错停止 · stopped on an error',
      error: 'snapshot not saved: disk full',
    });
    await reads.onApplicationShutdown();
  });

  it('lets the work that waits for it begin once its first catch-up has ended, ready or failed; not when stopped first (ADR 0171)', async () => {
    const turns = async (n: number) => {
      for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
    };
    /** A read side on a held catch-up, with a BootOrder; `begun()` tells whether what waits for it began. */
    const started = async () => {
      const held = heldStore();
      const order = new BootOrder();
      let begun = false;
      void order.afterReadModels().then(() => (begun = true));
      const reads = readSide(held.store, new HealthRegistry(), order);
      await reads.onApplicationBootstrap();
      await turns(5);
      expect(begun).toBe(false); // not while it catches up
      return { ...held, reads, begun: () => begun };
    };
    const ready = await started();
    ready.release();
    await ready.reads.whenReady();
    await turns(1);
    expect(ready.reads.ready).toBe(true);
    expect(ready.begun()).toBe(true);
    await ready.reads.onApplicationShutdown();

    const failed = await started();
    failed.fail(new Error('disk I/O error'));
    await failed.reads.whenReady();
    await turns(1);
    expect(failed.reads.ready).toBe(false);
    expect(failed.begun()).toBe(true);
    await failed.reads.onApplicationShutdown();

    const stopped = await started();
    const shutdown = stopped.reads.onApplicationShutdown();
    stopped.release();
    await shutdown;
    await turns(5);
    expect(stopped.reads.ready).toBe(false);
    expect(stopped.begun()).toBe(false);
  });

  it('is not ready when the runner stopped during the catch-up (e.g. its snapshot writer failed)', async () => {
    const { store, release } = heldStore();
    const reads = readSide(store);
    await reads.onApplicationBootstrap();
    reads.runner['fail'](new Error('snapshot not saved: disk full')); // as a failed background save does
    release();
    await reads.whenReady();
    expect(reads.ready).toBe(false);
    expect(reads.runner.live).toBe(false);
    expect(problemOf(() => reads.view()).document).toMatchObject({ status: 503, code: 'READ_MODEL.FAILED' });
    await reads.onApplicationShutdown();
  });
});

/** A read side started on the 12-group demo city recorded up to `today` (in memory). */
async function demoReadSide(today: string) {
  const dir = mkdtempSync(join(tmpdir(), 'read-side-demo-'));
  const store = new InMemoryEventStore();
  await seedDemo(store, { groups: 12, today });
  const clock = new FixedClock(`${today}T04:00:00.000Z`);
  const config = { dataDir: dir, seedDemo: false, eventStore: 'sqlite' } as LedgerConfig;
  const health = new HealthRegistry();
  const reads = new ReadSide(store, clock, config, health);
  await reads.onApplicationBootstrap();
  await reads.whenReady();
  const close = async () => {
    await reads.onApplicationShutdown();
    rmSync(dir, { recursive: true, force: true });
  };
  return { store, clock, reads, health, close };
}

/**
 * Records one more event like `template` (its type, data and metadata) in `streamId`, with `data`
 * changed, as occurring on `occurredOn` and recorded at 05:00 Z on `recordedOn`; its position.
 */
function recordLike(
  store: InMemoryEventStore,
  template: StoredEvent,
  change: {
    streamId?: string;
    eventId: string;
    data: Record<string, unknown>;
    occurredOn: string;
    recordedOn: string;
  },
): bigint {
  const event = {
    eventId: change.eventId,
    type: template.type,
    data: { ...(template.data as Record<string, unknown>), ...change.data },
    metadata: {
      ...(template.metadata as Record<string, unknown>),
      occurredOn: change.occurredOn,
      recordedAt: `${change.recordedOn}T05:00:00.000Z`,
    },
  } as Parameters<InMemoryEventStore['appendSync']>[1][number];
  return store.appendSync(change.streamId ?? template.streamId, [event]).position;
}

describe('ReadSide when the day changes between settling the models and reading the clock again', () => {
  const TODAY = '2026-11-27';
  // Far enough on that the city's findings differ from today's; the race is the same for one day.
  const LATER = '2027-11-27';
  let reads: ReadSide;
  let close: () => Promise<void>;
  beforeEach(async () => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const demo = await demoReadSide(TODAY);
    ({ reads, close } = demo);
    // Each time, the models settle on TODAY; the clock turns to LATER just after (midnight's race).
    const settled = reads.runner.settled.bind(reads.runner);
    jest.spyOn(reads.runner, 'settled').mockImplementation(async () => {
      demo.clock.set(`${TODAY}T04:00:00.000Z`);
      await settled();
      demo.clock.set(`${LATER}T04:00:00.000Z`);
    });
  });
  afterEach(async () => {
    await close();
    jest.restoreAllMocks();
  });

  it("answers the city's findings for the day asked, not the day the models were settled on", async () => {
    const view = reads.runner.state<LedgerView>(LEDGER_VIEW);
    const expected = evaluateCity(view, { asOf: LATER });
    expect(expected).not.toEqual(evaluateCity(view, { asOf: TODAY })); // else the test could not fail
    expect(await reads.findings({ asOf: LATER })).toEqual(expected);
  });

  it("labels the deadlines with the day they were judged at, the clock's after settling", async () => {
    const answer = await reads.deadlines(12);
    const view = reads.runner.state<LedgerView>(LEDGER_VIEW);
    expect(answer.asOf).toBe(LATER);
    expect(answer.items).toEqual(deadlinesWithin(view, LATER, 12));
    expect(answer.items).not.toEqual(deadlinesWithin(view, TODAY, 12)); // else the test could not fail
  });

  it("answers the dashboard's summary for the clock's day, its counts from that day's findings", async () => {
    const summary = await reads.summary();
    const view = reads.runner.state<LedgerView>(LEDGER_VIEW);
    expect(summary.asOf).toBe(LATER);
    const expected = dashboardSummary(
      view,
      evaluateCity(view, { asOf: LATER }),
      deadlinesWithin(view, LATER, 3),
      LATER,
      reads.runner.position,
    );
    expect(summary).toEqual(expected);
  });
});

describe("ReadSide paging another day's city findings (ADR 0156)", () => {
  const TODAY = '2026-11-27';
  const PAST = '2025-01-01';
  let store: InMemoryEventStore;
  let reads: ReadSide;
  let clock: FixedClock;
  let close: () => Promise<void>;
  beforeEach(async () => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    ({ store, reads, clock, close } = await demoReadSide(TODAY));
  });
  afterEach(async () => {
    await close();
    jest.restoreAllMocks();
  });
  /** Records an event like the demo's first of `type`, recorded today, and waits until the read side has it. */
  const record = async (type: string, change: Omit<Parameters<typeof recordLike>[2], 'recordedOn'>) => {
    const position = recordLike(
      store,
      store.events.find((e) => e.type === type)!,
      { recordedOn: TODAY, ...change },
    );
    await reads.reach(position.toString());
    return position;
  };
  const PLAN = 'DirectPromotionPlanPublished';

  it('evaluates the city once for the pages of one (asOf, knownAt) at one position, and again for another', async () => {
    const view = reads.runner.state<LedgerView>(LEDGER_VIEW);
    const first = await reads.findings({ asOf: PAST });
    expect(first).toEqual(evaluateCity(view, { asOf: PAST }));
    expect(await reads.findings({ asOf: PAST })).toBe(first); // the next page's request: the same evaluation
    const earlier = await reads.findings({ asOf: '2024-01-01' });
    expect(earlier).toEqual(evaluateCity(view, { asOf: '2024-01-01' }));
    expect(earlier).not.toEqual(first); // else the key's asOf could be dropped unseen
    expect(await reads.findings({ asOf: PAST })).toEqual(first);
    const byInstant = { asOf: PAST, knownAt: { instant: '2024-06-01T00:00:00.000Z' } };
    expect(await reads.findings(byInstant)).toEqual(evaluateCity(view, byInstant));
    expect(await reads.findings(byInstant)).not.toEqual(first); // else the key's instant could be dropped unseen
    const known = { asOf: PAST, knownAt: { position: '400' } };
    const atKnown = await reads.findings(known);
    expect(atKnown).not.toBe(first);
    expect(atKnown).toEqual(evaluateCity(view, known));
    expect(atKnown).not.toEqual(first); // else the key's knownAt could be dropped unseen
    expect(await reads.findings({ asOf: PAST, knownAt: { position: '400' } })).toBe(atKnown);
  });

  it("keeps today's sorted findings and deadlines from the model for the next page, until an event moves the position", async () => {
    const today = await reads.findings({ asOf: TODAY });
    expect(await reads.findings({ asOf: TODAY })).toBe(today);
    const near = (await reads.deadlines(3)).items;
    expect(near).toEqual(deadlinesWithin(reads.runner.state<LedgerView>(LEDGER_VIEW), TODAY, 3));
    const deadlines = await reads.deadlines(24);
    expect((await reads.deadlines(24)).items).toBe(deadlines.items);
    expect(deadlines.items).not.toEqual(near); // else the key's horizon could be dropped unseen
    // A termination notice filed today for a cooperation whose notice is awaited (its deadline
    // goes), and a direct-promotion plan published today (an R16 finding opens).
    const due = deadlines.items.find((d) => d.kind === 'NOTICE_DUE' || d.kind === 'NOTICE_OVERDUE')!;
    const notice = store.events.find((e) => e.type === 'TerminationNoticeFiled')!;
    const plan = store.events.find((e) => e.type === 'DirectPromotionPlanPublished')!;
    const onToday = { occurredOn: TODAY, recordedOn: TODAY };
    recordLike(store, notice, {
      streamId: `cooperation-${due.cooperationId}`,
      eventId: '9b2e4c1d-7a3f-4e8b-a6c5-1d2e3f4a5b6c',
      data: { cooperationId: due.cooperationId },
      ...onToday,
    });
    const position = recordLike(store, plan, {
      eventId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
      data: { enrolmentYear: 2026 },
      ...onToday,
    });
    await reads.reach(position.toString());
    const view = reads.runner.state<LedgerView>(LEDGER_VIEW);
    const after = await reads.findings({ asOf: TODAY });
    expect(after).toEqual(evaluateCity(view, { asOf: TODAY }));
    expect(after).not.toEqual(today);
    const later = (await reads.deadlines(24)).items;
    expect(later).toEqual(deadlinesWithin(view, TODAY, 24));
    expect(later).not.toEqual(deadlines.items);
  });

  it('keeps the summary for every dashboard asking at one position and day, and counts again when either moves (ADR 0161)', async () => {
    const reference = (day: string) => {
      const view = reads.runner.state<LedgerView>(LEDGER_VIEW);
      return dashboardSummary(
        view,
        evaluateCity(view, { asOf: day }),
        deadlinesWithin(view, day, 3),
        day,
        reads.runner.position,
      );
    };
    const first = await reads.summary();
    expect(first).toEqual(reference(TODAY));
    expect(await reads.summary()).toBe(first);
    const position = await record(PLAN, {
      eventId: '7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b',
      data: { enrolmentYear: 2026 },
      occurredOn: TODAY,
    });
    const moved = await reads.summary();
    expect(moved.position).toBe(position.toString());
    expect(moved).toEqual(reference(TODAY));
    expect(moved.findings).not.toEqual(first.findings); // the plan opens an R16 finding
    expect(await reads.summary()).toBe(moved);
    clock.set('2027-11-27T04:00:00.000Z');
    const nextYear = await reads.summary();
    expect(nextYear.asOf).toBe('2027-11-27');
    expect(nextYear).toEqual(reference('2027-11-27'));
  });

  it('keeps an evaluation at another day past events that cannot count there, and evaluates again after one that can (ADR 0163)', async () => {
    const atKnown = { asOf: PAST, knownAt: { position: '400' } };
    const view = () => reads.runner.state<LedgerView>(LEDGER_VIEW);
    const first = await reads.findings({ asOf: PAST });
    // Valid today, after PAST: the same evaluation answers, and it is still right.
    const todays = '8f9a0b1c-2d3e-4f4a-9b5c-6d7e8f9a0b1c';
    await record(PLAN, { eventId: todays, data: { enrolmentYear: 2026 }, occurredOn: TODAY });
    expect(await reads.findings({ asOf: PAST })).toBe(first);
    expect(first).toEqual(evaluateCity(view(), { asOf: PAST }));
    // A retraction counts whatever its day: evaluated again.
    const plan = store.events.find((e) => e.eventId === todays)!;
    await record('EventRetracted', {
      streamId: plan.streamId,
      eventId: '9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
      data: { retractedEventId: todays },
      occurredOn: TODAY,
    });
    const again = await reads.findings({ asOf: PAST });
    expect(again).not.toBe(first);
    expect(again).toEqual(evaluateCity(view(), { asOf: PAST }));
    // Backdated to before PAST: evaluated again, and the answer changes (the plan opens a finding then).
    await record(PLAN, {
      eventId: '0b1c2d3e-4f5a-4b6c-9d7e-8f9a0b1c2d3e',
      data: { enrolmentYear: 2023 },
      occurredOn: '2023-03-15',
    });
    const backdated = await reads.findings({ asOf: PAST });
    expect(backdated).toEqual(evaluateCity(view(), { asOf: PAST }));
    expect(backdated).not.toEqual(again);
    // As known at position 400, an event recorded now is not known, backdated or not: the evaluation holds.
    const known = await reads.findings(atKnown);
    await record(PLAN, {
      eventId: '1c2d3e4f-5a6b-4c7d-8e8f-9a0b1c2d3e4f',
      data: { enrolmentYear: 2023 },
      occurredOn: '2023-03-16',
    });
    expect(await reads.findings(atKnown)).toBe(known);
    expect(known).toEqual(evaluateCity(view(), atKnown));
    // An event it cannot read (the runner sets it aside): evaluated again, to be safe.
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const odd = store.appendSync('group-grp-odd', [
      { eventId: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a', type: 'NotAnEvent', data: {}, metadata: {} },
    ] as Parameters<InMemoryEventStore['appendSync']>[1]);
    await reads.reach(odd.position.toString());
    const afterOdd = await reads.findings(atKnown);
    expect(afterOdd).not.toBe(known);
    expect(afterOdd).toEqual(known);
  });

  it("answers a stream's history as computed afresh, keeping only the events the view had folded (ADR 0165)", async () => {
    const exam = store.events.find((e) => e.type === 'JointExamHeld')!;
    const streamOf = () => store.events.filter((e) => e.streamId === exam.streamId);
    // Two exams in a year the group held none: the second opens R13.
    const held = new Set(streamOf().filter((e) => e.type === 'JointExamHeld').map((e) => (e.metadata as { occurredOn: string }).occurredOn.slice(0, 4)));
    const year = ['2021', '2022', '2023', '2024', '2025', '2026'].find((y) => !held.has(y))!;
    const first = await record('JointExamHeld', { streamId: exam.streamId, eventId: '00000000-0000-4000-8000-0000000000e1', data: {}, occurredOn: `${year}-03-02` });
    // The second as the store will give it, asked for before the view has folded it (a stream read ahead of the view).
    const change = { eventId: '00000000-0000-4000-8000-0000000000e2', data: {}, occurredOn: `${year}-03-03`, recordedOn: TODAY };
    const ahead = { ...exam, eventId: change.eventId, revision: streamOf().at(-1)!.revision + 1n, position: first + 1n, metadata: { ...(exam.metadata as object), occurredOn: change.occurredOn, recordedAt: `${TODAY}T05:00:00.000Z` } };
    expect(reads.runner.position).toBe(first);
    await reads.history([...streamOf(), ahead]);
    const second = recordLike(store, exam, change);
    expect(streamOf().at(-1)).toEqual(ahead);
    await reads.reach(second.toString());
    const view = reads.runner.state<LedgerView>(LEDGER_VIEW);
    const fresh = subjectHistory(streamOf(), view, TODAY);
    expect(fresh[fresh.length - 1].findingsOpened.map((f) => f.ruleId)).toContain('R13'); // else the test could not fail
    const answered = await reads.history(streamOf());
    expect(answered).toEqual(fresh);
    // Computed once a day: the next request takes them from the memo.
    expect((await reads.history(streamOf())).at(-1)!.findingsOpened).toBe(answered.at(-1)!.findingsOpened);
  });

  it('answers a history too long for one slice in slices, the fold paused meanwhile, as on one turn (ADR 0166)', async () => {
    const exam = store.events.find((e) => e.type === 'JointExamHeld')!;
    const stream = store.events.filter((e) => e.streamId === exam.streamId);
    expect(stream.length).toBeGreaterThan(2);
    (reads.runner as unknown as { snapshotSliceMs: number }).snapshotSliceMs = 0; // a slice is one entry
    const before = reads.runner.position;
    const answer = reads.history(stream);
    const recorded = recordLike(store, exam, { eventId: '00000000-0000-4000-8000-0000000000e3', data: {}, occurredOn: '2026-03-03', recordedOn: TODAY });
    expect(reads.runner.position).toBe(before); // the fold waits for the history
    const answered = await answer;
    await expect(reads.runner.waitFor(recorded, 1000)).resolves.toBe(true);
    expect(answered).toEqual(subjectHistory(stream, reads.runner.state<LedgerView>(LEDGER_VIEW), TODAY));
  });

  it("answers a new day's deadlines and findings on the new day, not the kept ones of the day before", async () => {
    const before = { deadlines: await reads.deadlines(12), findings: await reads.findings({ asOf: TODAY }) };
    clock.set('2027-11-27T04:00:00.000Z');
    const view = reads.runner.state<LedgerView>(LEDGER_VIEW);
    const after = {
      deadlines: await reads.deadlines(12),
      findings: await reads.findings({ asOf: '2027-11-27' }),
    };
    expect(after.deadlines).toEqual({ asOf: '2027-11-27', items: deadlinesWithin(view, '2027-11-27', 12) });
    expect(after.deadlines.items).not.toEqual(before.deadlines.items);
    expect(after.findings).toEqual(evaluateCity(view, { asOf: '2027-11-27' }));
    expect(after.findings).not.toEqual(before.findings);
  });

  it('answers each /compliance query as filtering the evaluation would, when one part of the query changes at a time', async () => {
    const view = reads.runner.state<LedgerView>(LEDGER_VIEW);
    const district = (await reads.findings({ asOf: TODAY })).flatMap((f) => districtsOf(f.subject, view))[0];
    const queries: Array<[ViewAt, Omit<ComplianceFilter, 'limit' | 'cursor'>]> = [
      [{ asOf: TODAY }, {}],
      [{ asOf: TODAY }, { severity: 'violation' }],
      [{ asOf: TODAY }, { severity: 'violation', status: 'RESOLVED' }],
      [{ asOf: TODAY }, { severity: 'violation', status: 'RESOLVED', ruleId: 'R10' }],
      [{ asOf: TODAY }, { severity: 'violation', status: 'RESOLVED', ruleId: 'R10', districtCode: district }],
      [{ asOf: PAST }, { severity: 'violation', status: 'RESOLVED', ruleId: 'R10', districtCode: district }],
      [{ asOf: PAST }, { districtCode: district }],
      [{ asOf: PAST, knownAt: { position: '400' } }, { districtCode: district }],
      [{ asOf: PAST, knownAt: { instant: '2024-06-01T00:00:00.000Z' } }, { districtCode: district }],
    ];
    let previous: Finding[] | undefined;
    for (const [at, filter] of queries) {
      const expected = filterFindings(evaluateCity(view, at), view, filter);
      // Two pages of 3, then the rest: they join into the whole, from one kept list.
      const first = await reads.compliance(at, { ...filter, limit: 3 });
      const rest = first.nextCursor
        ? (await reads.compliance(at, { ...filter, limit: 1000, cursor: first.nextCursor })).items
        : [];
      expect({ at, filter, items: [...first.items, ...rest] }).toEqual({ at, filter, items: expected });
      expect(first.total).toBe(expected.length);
      expect(expected).not.toEqual(previous); // each change of the query changes the answer
      previous = expected;
    }
    // An event recorded since: the same query answers the new position.
    const before = await reads.compliance({ asOf: TODAY }, { ruleId: 'R16', limit: 1000 });
    await record(PLAN, {
      eventId: '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d',
      data: { enrolmentYear: 2026 },
      occurredOn: TODAY,
    });
    const after = await reads.compliance({ asOf: TODAY }, { ruleId: 'R16', limit: 1000 });
    expect(after.total).toBe(before.total + 1);
  });
});

describe('ReadSide on a new day, the city judged in slices (ADR 0159)', () => {
  const TODAY = '2026-11-27';
  const LATER = '2027-11-27';
  let reads: ReadSide;
  let clock: FixedClock;
  let health: HealthRegistry;
  let close: () => Promise<void>;
  beforeEach(async () => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    ({ reads, clock, health, close } = await demoReadSide(TODAY));
    clock.set(`${LATER}T04:00:00.000Z`);
  });
  afterEach(async () => {
    await close();
    jest.restoreAllMocks();
  });

  it("answers a subject at once, judged on the view, while the city is judged; the city's findings once it is", async () => {
    const view = reads.view(); // begins the settle
    expect(reads.runner.settlingInSlices).toBe(true);
    for (const id of [...view.groups.keys()].slice(0, 5)) {
      const subject = { type: 'group' as const, id };
      expect(reads.subjectFindings(view, subject, { asOf: LATER })).toEqual(
        evaluateSubjectFindings(view, subject, { asOf: LATER }, true),
      );
    }
    const findings = await reads.findings({ asOf: LATER });
    expect(reads.runner.settlingInSlices).toBe(false);
    const state = reads.runner.state<CityComplianceState>(CITY_COMPLIANCE);
    expect(findings).toEqual(cachedFindings(state, LATER));
    expect(findings).toEqual(evaluateCity(view, { asOf: LATER }));
  });

  it('says on /health that the city is being judged, the projections up meanwhile', async () => {
    const projections = async () =>
      ((await health.all()[0]()) as { projections: { status: string; settling: boolean } }).projections;
    expect(await projections()).toMatchObject({ status: 'up', settling: false }); // nothing has begun it yet
    jest.spyOn(reads.runner, 'settlingInSlices', 'get').mockReturnValue(true);
    expect(await projections()).toMatchObject({ status: 'up', settling: true });
  });

  it("answers the city's lists only once the settle has ended", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const settled = reads.runner.settled.bind(reads.runner);
    jest.spyOn(reads.runner, 'settled').mockImplementation(() => held.then(settled));
    const answered: string[] = [];
    void reads.findings({ asOf: LATER }).then(() => answered.push('findings'));
    void reads.compliance({ asOf: LATER }, { limit: 10 }).then(() => answered.push('compliance'));
    void reads.summary().then(() => answered.push('summary'));
    void reads.deadlines(12).then(() => answered.push('deadlines'));
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toEqual([]);
    release();
    for (let i = 0; i < 50 && answered.length < 4; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(answered.sort()).toEqual(['compliance', 'deadlines', 'findings', 'summary']);
  });
});

describe("ReadSide evaluating another day's city in slices (ADR 0160)", () => {
  const TODAY = '2026-11-27';
  const PAST = '2025-01-01';
  let reads: ReadSide;
  let close: () => Promise<void>;
  beforeEach(async () => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    ({ reads, close } = await demoReadSide(TODAY));
  });
  afterEach(async () => {
    await close();
    jest.restoreAllMocks();
  });

  it('evaluates once, in slices, for requests that come while it runs, and answers each the evaluation', async () => {
    const inSlices = jest.spyOn(reads.runner, 'readInSlices');
    const view = reads.runner.state<LedgerView>(LEDGER_VIEW);
    const pages = [
      reads.findings({ asOf: PAST }),
      reads.compliance({ asOf: PAST }, { limit: 5 }),
      reads.findings({ asOf: PAST }),
    ];
    const [first, page, again] = await Promise.all(pages);
    expect(inSlices).toHaveBeenCalledTimes(1);
    const expected = evaluateCity(view, { asOf: PAST });
    expect(first).toEqual(expected);
    expect(again).toBe(first);
    expect((page as { items: Finding[] }).items).toEqual(expected.slice(0, 5));
  });

  it('keeps no failed evaluation: the next request evaluates again', async () => {
    const readInSlices = reads.runner.readInSlices.bind(reads.runner);
    const inSlices = jest
      .spyOn(reads.runner, 'readInSlices')
      .mockRejectedValueOnce(new Error('the read models stopped during the read'));
    await expect(reads.findings({ asOf: PAST })).rejects.toThrow('stopped during the read');
    inSlices.mockImplementation(readInSlices);
    const view = reads.runner.state<LedgerView>(LEDGER_VIEW);
    await expect(reads.findings({ asOf: PAST })).resolves.toEqual(evaluateCity(view, { asOf: PAST }));
    expect(inSlices).toHaveBeenCalledTimes(2);
  });
});
