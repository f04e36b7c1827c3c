import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import * as path from 'node:path';
import { countsAt, parseRecordedEvent, type Finding, type IsoDay, type LedgerView, type SubjectRef, type ViewAt } from '@ledger/domain';
import { EVENT_STORE, type EventStore, type StoredEvent } from '@ledger/event-store';
import { CLOCK, LEDGER_CONFIG, type Clock, type LedgerConfig } from '@ledger/platform';
import {
  CITY_COMPLIANCE,
  LEDGER_VIEW,
  ProjectionRunner,
  allReadModels,
  cachedDeadlines,
  cachedDistricts,
  cachedFindings,
  cachedSubjectFindings,
  cachedSummary,
  catchUpProgress,
  dashboardSummary,
  deadlinesWithin,
  evaluatingCity,
  evaluateSubjectFindings,
  filterFindings,
  historyInSteps,
  HistoryMemo,
  paginate,
  seedDemo,
  type CityComplianceState,
  type ComplianceFilter,
  type DashboardSummary,
  type Deadline,
  type HistoryEntry,
  type Page,
} from '@ledger/projections';
import { BootOrder } from '../platform/boot-order';
import { HealthRegistry } from '../platform/health-registry';
import { Problem } from '../problem/problem';
import { KeptAnswer } from './kept-answer';

/** How long a query with `?minPosition=` waits for the read models before a 503. */
export const READ_YOUR_WRITES_TIMEOUT_MS = 5_000;

/** Logs longer than this are caught up after the server started listening. */
export const BACKGROUND_CATCH_UP_FROM = 50_000n;

/** Seconds a query answered 503 during the first catch-up is told to wait (`Retry-After`). */
export const CATCHING_UP_RETRY_AFTER_SECONDS = 5;

/** (asOf, knownAt) as a key of a kept answer (ADR 0156). */
const keyOf = (at: ViewAt): string => `${at.asOf}|${String(at.knownAt?.position ?? '')}|${at.knownAt?.instant ?? ''}`;

/**
 * How many events recorded since an evaluation at another day are read to see whether it still
 * holds (ADR 0163); past that it is evaluated again.
 */
export const RECHECK_EVENTS = 5_000;

/** Demo size seeded into an empty store on first start (LEDGER_SEED_DEMO). */
export const DEFAULT_DEMO_GROUPS = 40;

/**
 * The read side inside ledger-api: seeds the demo into an empty store (when configured), runs the
 * projection runner (embedded store: with its checkpoints in `<dataDir>/projections.db`;
 * EventStoreDB: started from the projector's snapshots when they are in the same data dir, else
 * replayed, and followed in memory without writing checkpoints, see ADR 0052), and
 * answers the query controllers from the read models.
 */
@Injectable()
export class ReadSide implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly runner: ProjectionRunner;
  private readonly logger = new Logger('ReadSide');
  private startup?: Promise<void>;
  private _ready = false;
  private _seeding = false;
  private stopped = false;
  private bootFailure?: Error;
  /** The model's findings at a day, sorted (ADR 0156). */
  private readonly modelFindings = new KeptAnswer<Finding[]>();
  /**
   * The last city evaluation at another day or knownAt (~31 MiB at a million events; ADR 0156), as
   * a promise: requests for it while it is evaluated in slices share it (ADR 0160). `position`: the
   * log position it is known to hold at; it is moved on while the events recorded since cannot
   * count at its (asOf, knownAt) (ADR 0163).
   */
  private evaluated?: { readonly key: string; position: bigint; readonly answer: Promise<Finding[]> };
  /** The findings of the last `/compliance` query that passed its filter (ADR 0156). */
  private readonly matches = new KeptAnswer<Finding[]>();
  /** The model's deadlines within a horizon, sorted (ADR 0156). */
  private readonly modelDeadlines = new KeptAnswer<Deadline[]>();
  /** The model's summary at (today, position): every open dashboard asks for it after each event (ADR 0161). */
  private readonly modelSummary = new KeptAnswer<DashboardSummary>();
  /** The findings each event opened and closed, today: a subject page asks for its whole history after each of its events (ADR 0165). */
  private readonly historyMemo = new HistoryMemo();

  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    @Inject(CLOCK) readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    health: HealthRegistry,
    @Optional() private readonly bootOrder?: BootOrder,
  ) {
    this.runner = new ProjectionRunner({
      store,
      models: allReadModels(),
      checkpointFile: path.join(config.dataDir, 'projections.db'),
      // On EventStoreDB the projector owns the checkpoints; the API only starts from them if it can see them.
      readOnlyCheckpoints: config.eventStore === 'eventstoredb',
      today: () => clock.today(),
      log: (level, message) => this.logger[level === 'info' ? 'log' : level](message),
    });
    health.register('projections', async () => {
      const head = await this.store.headPosition();
      const failure = this.bootFailure ?? this.runner.failure;
      const status = this._ready && !failure ? 'up' : 'down';
      return {
        projections: {
          status,
          // Why it is down, in a word (/health's 503 and its log line name it; ADR 0147).
          ...(status === 'down' ? { message: this.notReadyBecause(failure) } : {}),
          position: this.runner.position.toString(),
          head: head.toString(),
          seeding: this._seeding,
          caughtUp: this.runner.position >= head,
          // Snapshots are restored in slices after the server listens (ADR 0146).
          restoring: this.runner.restoringSnapshots,
          // A snapshot's cut pauses the fold (ADRs 0142, 0143) until only the ledger view's parts are
          // left, which are cut as it folds on (ADR 0179): caughtUp may be false meanwhile.
          snapshotting: this.runner.snapshotting,
          // So does the whole city judged in slices on a new day (ADR 0159).
          settling: this.runner.settlingInSlices,
          ...(failure ? { error: failure.message } : {}),
        },
      };
    });
  }

  private notReadyBecause(failure: Error | undefined): string {
    if (failure) return this._ready ? '出错停止 · stopped on an error' : '启动失败 · failed to start';
    if (this._seeding) return '正在写入演示数据 · seeding the demo';
    if (this.runner.restoringSnapshots) return '正在从快照恢复 · restoring snapshots';
    return '正在追赶日志 · catching up with the log';
  }

  get ready(): boolean {
    return this._ready;
  }
  get seeding(): boolean {
    return this._seeding;
  }

  /**
   * Seeds (when configured) and catches up before the server listens when the log is small
   * (the usual case, and what tests rely on); a long log is caught up in the background while
   * /health reports the projections as not ready.
   */
  async onApplicationBootstrap(): Promise<void> {
    const head = await this.store.headPosition();
    this.startup = this.boot(head).catch((err: unknown) => {
      this.bootFailure = err instanceof Error ? err : new Error(String(err));
      this.logger.error(`Read side failed to start: ${err instanceof Error ? err.stack : String(err)}`);
      this.bootOrder?.readModelsStarted(); // what waits for the read side need not wait for a fix
    });
    if (head < BACKGROUND_CATCH_UP_FROM) await this.startup;
  }

  /** Resolves once seeding (if any) and the first catch-up are done. */
  whenReady(): Promise<void> {
    return this.startup ?? Promise.resolve();
  }

  private async boot(head: bigint): Promise<void> {
    if (this.config.seedDemo && head === 0n) {
      this._seeding = true;
      const started = Date.now();
      const n = await seedDemo(this.store, { groups: DEFAULT_DEMO_GROUPS, today: this.clock.today() });
      this._seeding = false;
      this.logger.log(`演示数据已写入 · demo ledger seeded: ${n} events in ${Date.now() - started} ms`);
    }
    if (this.stopped) return;
    // A long catch-up (a start on a million events takes about a minute) says how it goes.
    await this.runner.start(catchUpProgress((message) => this.logger.log(message)));
    if (this.runner.failure) throw this.runner.failure; // e.g. a snapshot the writer could not commit
    if (this.stopped) return; // stopped during the catch-up: not ready, nothing more begins
    this._ready = true;
    this.logger.log(`读模型已就绪 · read models caught up at position ${this.runner.position}`);
    this.bootOrder?.readModelsStarted();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    // Seeding finishes its round; a background catch-up stops after its current page.
    const stopping = this.runner.stop();
    await this.startup;
    await stopping;
  }

  /** Read-your-writes: waits until the read models reached `minPosition`, else a 503 problem. */
  async reach(minPosition?: string): Promise<void> {
    if (minPosition === undefined) return;
    const wanted = BigInt(minPosition);
    if (wanted <= this.runner.position) return;
    // A position beyond the log's head was never written: no point waiting for it.
    const head = await this.store.headPosition();
    const ok = wanted <= head && (await this.runner.waitFor(wanted, READ_YOUR_WRITES_TIMEOUT_MS));
    if (!ok) {
      throw Problem.of(503, `读模型尚未到达位置 ${minPosition} · read models have not reached position ${minPosition} within ${READ_YOUR_WRITES_TIMEOUT_MS} ms (at ${this.runner.position})`, {
        code: 'READ_MODEL.NOT_CAUGHT_UP',
      });
    }
  }

  /**
   * The ledger view, its models settled or settling. A long settle (the whole city's compliance on
   * a new day, ~2 s at a million events) is begun here and runs in slices, the event loop free
   * (ADR 0159): meanwhile the city-compliance model says it is not settled, so a subject's findings
   * are judged on the view (`subjectFindings`), and the city's lists wait for it (`settledView`).
   * Until the first catch-up is done (a long log is caught up after the
   * server listens) the read models hold part of the history: a 503 problem with `Retry-After`
   * rather than an answer that looks complete and is not (ADR 0143).
   */
  view(): LedgerView {
    if (!this._ready) {
      const failure = this.bootFailure ?? this.runner.failure;
      if (failure) {
        throw Problem.of(503, `读模型启动失败 · the read models failed to start: ${failure.message}`, {
          code: 'READ_MODEL.FAILED',
        });
      }
      const at = this.runner.position.toString();
      throw Problem.unavailable(
        this.runner.restoringSnapshots
          ? '读模型正在从快照恢复，请稍后重试 · the read models are being restored from their snapshots; retry shortly'
          : `读模型正在追赶日志（已到位置 ${at}），请稍后重试 · the read models are catching up with the log (at position ${at}); retry shortly`,
        'READ_MODEL.CATCHING_UP',
        CATCHING_UP_RETRY_AFTER_SECONDS,
        { position: at },
      );
    }
    void this.runner.settled();
    return this.runner.state<LedgerView>(LEDGER_VIEW);
  }

  /** The ledger view once every model is settled: what the city's lists are answered from (ADR 0159). */
  private async settledView(): Promise<LedgerView> {
    this.view(); // a 503 before the first catch-up; begins the settle
    await this.runner.settled();
    return this.runner.state<LedgerView>(LEDGER_VIEW);
  }

  /**
   * A page of a stream's events with the findings each opened and closed today (ADR 0053). Each
   * event's are computed once a day, once the view has folded it (ADR 0165); those not kept yet
   * entry by entry in slices, the event loop free (a big group's first ask, ~1–2 s; ADR 0166).
   */
  history(events: readonly StoredEvent[]): Promise<HistoryEntry[]> {
    const view = this.view();
    const use = { memo: this.historyMemo, foldedTo: this.runner.position };
    return this.runner.readInSlices(historyInSteps(events, view, this.clock.today(), use));
  }

  /** The (asOf, knownAt) a query asked for; asOf defaults to today. */
  viewAt(asOf?: string, knownAt?: string): ViewAt {
    const day = asOf ?? this.clock.today();
    if (knownAt === undefined) return { asOf: day };
    return { asOf: day, knownAt: /^\d+$/.test(knownAt) ? { position: knownAt } : { instant: new Date(knownAt).toISOString() } };
  }

  /**
   * One subject's findings at `at` (a group's with its cooperations'): today's from the
   * city-compliance read model when it holds that day settled, else evaluated on the bitemporal
   * view (ADR 0137). `view` is this.view()'s answer (the models are settled).
   */
  subjectFindings(view: LedgerView, subject: SubjectRef, at: ViewAt): Finding[] {
    if (!at.knownAt) {
      const state = this.runner.state<CityComplianceState>(CITY_COMPLIANCE);
      const cached = cachedSubjectFindings(state, view, subject, at.asOf);
      if (cached) return cached;
    }
    return evaluateSubjectFindings(view, subject, at, true);
  }

  /**
   * City-wide findings at `at`: the model's set when it holds that day settled, else evaluated on
   * the bitemporal view (as when the day turned just after view() settled the models). Each is kept
   * for the next request at the same key and log position (ADR 0156), an evaluation also past events
   * that cannot count at its key (ADR 0163): a client pages through one answer, and each costs the
   * whole city (the model's sorted: ~35 ms at a million events; an evaluation: ~1.3–2.6 s, run in
   * slices with the live fold paused, the event loop free: ADR 0160).
   */
  async findings(at: ViewAt): Promise<Finding[]> {
    const view = await this.settledView();
    const position = this.runner.position;
    const state = this.runner.state<CityComplianceState>(CITY_COMPLIANCE);
    const fromModel = at.knownAt ? undefined : this.modelFindings.get(`${at.asOf}|${position}`, () => cachedFindings(state, at.asOf));
    if (fromModel) return fromModel;
    const key = keyOf(at);
    const kept = this.evaluated;
    if (kept?.key === key && (kept.position >= position || (await this.nothingCountsSince(kept.position, position, at)))) {
      if (kept.position < position) kept.position = position;
      return kept.answer;
    }
    return this.evaluateInSlices(view, at, key);
  }

  /** The city at `at`, evaluated in slices (ADR 0160) and kept; a failed evaluation is not kept. */
  private evaluateInSlices(view: LedgerView, at: ViewAt, key: string): Promise<Finding[]> {
    const entry = { key, position: this.runner.position, answer: this.runner.readInSlices(evaluatingCity(view, at)) };
    this.evaluated = entry;
    entry.answer.catch(() => {
      if (this.evaluated === entry) this.evaluated = undefined;
    });
    return entry.answer;
  }

  /**
   * Whether no event after `from` up to `to` can count at `at` (`countsAt`): then an evaluation at
   * `from` holds at `to` (ADR 0163). Reads at most `RECHECK_EVENTS` events; past that, or on an
   * event it cannot read, it answers false (evaluate again).
   */
  private async nothingCountsSince(from: bigint, to: bigint, at: ViewAt): Promise<boolean> {
    const events = await this.store.readAll({ after: from, maxCount: RECHECK_EVENTS });
    let reached = from;
    for (const stored of events) {
      if (stored.position > to) return true;
      let counts: boolean;
      try {
        counts = countsAt(parseRecordedEvent(stored), at);
      } catch {
        return false;
      }
      if (counts) return false;
      reached = stored.position;
    }
    return reached >= to;
  }

  /**
   * A page of the city's findings at `at`, filtered. The filtered list is kept for the next page of
   * the same query at the same log position (ADR 0156); a district's is cut with the district codes
   * the city-compliance model keeps per subject.
   */
  async compliance(at: ViewAt, filter: ComplianceFilter): Promise<Page<Finding>> {
    const findings = await this.findings(at); // settles the models
    const view = this.runner.state<LedgerView>(LEDGER_VIEW);
    const state = this.runner.state<CityComplianceState>(CITY_COMPLIANCE);
    const { severity = '', ruleId = '', districtCode = '', status = '' } = filter;
    const key = `${keyOf(at)}|${severity}|${ruleId}|${districtCode}|${status}|${this.runner.position}`;
    const matches = this.matches.get(key, () => filterFindings(findings, view, filter, cachedDistricts(state, view)))!;
    return paginate(matches, filter.limit, filter.cursor);
  }

  /**
   * The dashboard's figures today: counted from the city-compliance model, which keeps them per
   * subject (ADR 0152). Derived from the view (~0.4 s at a million events) only if the model could
   * not answer.
   */
  async summary(): Promise<DashboardSummary> {
    const view = await this.settledView();
    const today = this.clock.today();
    const position = this.runner.position;
    const state = this.runner.state<CityComplianceState>(CITY_COMPLIANCE);
    return (
      this.modelSummary.get(`${today}|${position}`, () => cachedSummary(state, view, today, position)) ??
      dashboardSummary(view, await this.findings({ asOf: today }), deadlinesWithin(view, today, 3), today, position)
    );
  }

  /**
   * Deadlines judged today up to `withinMonths` ahead, from the city-compliance model (ADR 0152),
   * with the day they were judged at (the clock's, read once: the day may turn during a request).
   */
  async deadlines(withinMonths: number): Promise<{ asOf: IsoDay; items: Deadline[] }> {
    const view = await this.settledView();
    const today = this.clock.today();
    const state = this.runner.state<CityComplianceState>(CITY_COMPLIANCE);
    const key = `${today}|${withinMonths}|${this.runner.position}`;
    const fromModel = this.modelDeadlines.get(key, () => cachedDeadlines(state, today, withinMonths));
    return { asOf: today, items: fromModel ?? deadlinesWithin(view, today, withinMonths) };
  }
}
