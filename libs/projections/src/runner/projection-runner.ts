import { setImmediate as nextTurn } from 'node:timers/promises';
import { Subject, type Subscription } from 'rxjs';
import type { IsoDay, RecordedDomainEvent } from '@ledger/domain';
import type { EventStore, StoredEvent } from '@ledger/event-store';
import { CheckpointStore, type LoadedModel, type SavedModel, type SnapshotSink } from './checkpoint-store';
import { CheckpointWriter } from './checkpoint-writer';
import { parseRecordedEvent } from '@ledger/domain';
import type { ApplyContext, FindingChange, ReadModel } from './read-model';

/** What the live stream (SSE) pushes: one applied event and the findings it opened or closed. */
export interface AppliedChange {
  readonly event: RecordedDomainEvent;
  readonly findings: readonly FindingChange[];
}

export interface ProgressInfo {
  readonly position: bigint;
  readonly head: bigint;
  readonly applied: number;
}

export interface ProjectionRunnerOptions {
  readonly store: EventStore;
  readonly models: readonly ReadModel<unknown>[];
  /** Path of the checkpoint database (`<dataDir>/projections.db`); undefined keeps nothing on disk. */
  readonly checkpointFile?: string;
  /**
   * Restore from the checkpoint file but never write it (ledger-api on EventStoreDB reading the
   * projector's snapshots); a missing file means a replay from 0.
   */
  readonly readOnlyCheckpoints?: boolean;
  /** Snapshot after this many applied events (default 50 000) … */
  readonly snapshotEvery?: number;
  /**
   * … or after this many milliseconds with unsaved events (default 30 000); while live, also when
   * no event follows them (ADR 0145).
   */
  readonly snapshotIntervalMs?: number;
  /**
   * A snapshot's parts are cut a slice at a time: at most about this many milliseconds of cutting
   * per event-loop turn (default 10), so that queries are answered meanwhile (ADR 0142). Also the
   * line below which a catch-up or stop() saves a small state on one turn (ADRs 0143, 0144), and
   * the slice of a chunked snapshot's restore at start (ADR 0146).
   */
  readonly snapshotSliceMs?: number;
  /**
   * Events read per page during catch-up (default 500). A page's decoded events are alive until it
   * is folded: at 2,000 a page is ~3 MB and often outlives two scavenges, so its garbage is promoted
   * and the old generation (and the peak RSS of a replay) grows by ~100 MiB (ADR 0106).
   */
  readonly batchSize?: number;
  /**
   * A settle in slices that took at least this many milliseconds of work (default 1,000) has the
   * models it settled in slices saved alone once the runner is live, so that a restart on the same
   * day restores them settled instead of judging them again (ADR 0174).
   */
  readonly saveSettledAfterMs?: number;
  /** The day compliance is judged at for the cached "today" views. */
  readonly today: () => IsoDay;
  readonly log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

function openCheckpoints(file: string, readOnly: boolean): CheckpointStore | undefined {
  if (!readOnly) return new CheckpointStore(file);
  try {
    return new CheckpointStore(file, true);
  } catch {
    return undefined;
  }
}

/** `emitted` of an event that emitted nothing (shared: no array per applied event). */
const NO_CHANGES: readonly FindingChange[] = Object.freeze([]);

/** What `abandonSave` answers when no hold on the fold is to be released. */
const NOTHING_TO_RESUME = (): void => undefined;

/** A snapshot that takes longer than this is saved at stop() only if its tail would take longer to replay (ADR 0144). */
const SLOW_SAVE_MS = 1_000;
/** A replay's cost per event, on the slow side of every one measured (≥ 50,000 events/s, ADR 0130). */
const REPLAY_MS_PER_EVENT = 0.05;

/**
 * The context of one apply: the runner reuses one per runner and resets it before each event
 * (a replay applies a million events; an object and two closures each showed in the profile).
 */
class RunnerContext implements ApplyContext {
  today: IsoDay = '';
  live = false;
  emitted: readonly FindingChange[] = NO_CHANGES;
  constructor(readonly stateOf: <S>(name: string) => S) {}
  emitFindings(changes: readonly FindingChange[]): void {
    if (changes.length === 0) return;
    this.emitted = this.emitted === NO_CHANGES ? [...changes] : [...this.emitted, ...changes];
  }
  reset(today: IsoDay, live: boolean): this {
    this.today = today;
    this.live = live;
    this.emitted = NO_CHANGES;
    return this;
  }
}

/** A snapshot the background writer is writing (ADR 0142; a catch-up's or stop()'s, ADRs 0143, 0144). */
interface SaveInProgress {
  readonly steps: Generator<void, void, void>;
  readonly sink: SnapshotSink;
  /** Whether `steps` has begun (before that, giving up tells the writer directly). */
  started: boolean;
  /** True until every part is cut; then the writer commits them. */
  cutting: boolean;
  /**
   * True while the states must not change under the cut (a live fold paused, a catch-up waiting):
   * until every part is cut, or until only parts cut while folding are left (ADR 0179).
   */
  holding: boolean;
  /** Set once the cut reached the parts cut while folding (`snapshotPartsWhileFolding`, cut last). */
  foldMayGoOn: boolean;
  /** Those parts, each model's: ended (`return()`) when the save is given up or fails (ADR 0181). */
  readonly whileFolding: ReadonlyArray<Iterator<string>>;
  /** The events unsaved when the fold went on before the end of the cut (counted again if it is given up). */
  unsavedAtCut: number;
  /** Milliseconds of the event loop spent cutting it (its slices, not the turns between them). */
  workMs: number;
  /** Settles when the writer has committed it or rolled it back (or failed). */
  readonly outcome: Promise<void>;
  /** Releases its hold on the live fold (`holdFold`) when live, once (then cleared); a catch-up waits for the cut instead. */
  release?: () => void;
  /**
   * Settles the promise `beginSlicedSave` answered: the states may change again (every part cut, or
   * only parts cut while folding left), or the save given up or failed.
   */
  readonly endCut: () => void;
  /**
   * Some models only (those a long settle judged, ADR 0174): their rows are replaced, the others
   * keep theirs. Such a save leaves `unsaved` and the spacing of full snapshots as they were.
   */
  readonly only?: readonly ModelSlot[];
}

interface ModelSlot {
  readonly model: ReadModel<unknown>;
  state: unknown;
  /** Last position applied to this model (exclusive start of what it still needs). */
  position: bigint;
}

/** The restore's slices so far: when the current one began, the work of the past ones, the steps. */
interface Slices {
  start: number;
  workMs: number;
  steps: number;
}

/** setTimeout's longest delay (2^31 − 1 ms, ~24.8 days); a longer one would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Feeds read models from the global log: restores each from its snapshot, replays what it
 * has not seen (a model whose version changed starts again from 0), catches up page by page,
 * then follows the store's live subscription. Every model keeps its own checkpoint so one
 * rebuilt model does not force the others to replay; all of them are saved in one transaction.
 */
export class ProjectionRunner {
  readonly changes$ = new Subject<AppliedChange>();
  private readonly slots: ModelSlot[];
  private readonly byName = new Map<string, ModelSlot>();
  private readonly checkpoints?: CheckpointStore;
  private readonly snapshotEvery: number;
  private readonly snapshotIntervalMs: number;
  private readonly batchSize: number;
  private readonly snapshotSliceMs: number;
  private readonly saveSettledAfterMs: number;
  private subscription?: Subscription;
  /**
   * Set while a snapshot is written by the background writer (ADR 0142; a catch-up's and stop()'s
   * too, ADRs 0143, 0144). While its parts are cut the fold is paused (live: the subscription is
   * closed and `live` stays true; a catch-up waits), so that the state they are cut from stays the
   * one at the snapshot's position; the fold resumes from there once the last part is cut, while
   * the writer commits them.
   */
  private saving?: SaveInProgress;
  /** Writes snapshots on a thread of its own; started with the first that is not saved on one turn. */
  private writer?: CheckpointWriter;
  private unsaved = 0;
  /**
   * The models a long settle judged in slices whose snapshots do not hold that judgement yet: saved
   * alone once live, unless a full snapshot begun after the settle holds it (ADR 0174).
   */
  private settledUnsaved?: ModelSlot[];
  /**
   * While live with unsaved events: begins the snapshot when it falls due, so that a quiet ledger
   * (the evening after a day's recording) is saved on time, not with the next event (ADR 0145).
   */
  private dueTimer?: NodeJS.Timeout;
  private lastSave = Date.now();
  /**
   * How long the last snapshot took: the next one waits at least four times as long while live,
   * ten times during a catch-up (at most ~10% of a replay goes to snapshots; ADR 0095).
   */
  private lastSaveMs = 0;
  /**
   * What a snapshot would hold the event loop for if saved on one turn: the last one's work, or
   * before any, how long the restore took (a state slow to read is slow to write). A catch-up and
   * stop() save on one turn below one slice, and in slices above (ADRs 0143, 0144).
   */
  private saveCostMs = 0;
  /** A small state: one turn costs less than the writer's thread and the turns between slices. */
  private get saveFitsOneSlice(): boolean {
    return this.saveCostMs < this.snapshotSliceMs;
  }
  private currentDay: IsoDay;
  private waiters: Array<{ position: bigint; resolve: (ok: boolean) => void; timer: NodeJS.Timeout }> = [];
  private _position = 0n;
  private _applied = 0;
  private _skipped: Array<{ position: bigint; eventId: string; error: string }> = [];
  private _live = false;
  /** Set by stop(): a catch-up in progress ends after its current page, a restore after its slice. */
  private stopping = false;
  /** The restore of start() while it runs: stop() waits for it before closing the checkpoint file. */
  private restoring?: Promise<void>;
  /** A settle run in slices while it runs (ADR 0159): `settled()` callers share it, stop() waits for it. */
  private settling?: Promise<void>;
  /** Holds on the live fold (a snapshot's cut, a settle, reads in slices): while any is held, no event is applied. */
  private holds = 0;
  private _failed?: Error;
  private readonly ctx = new RunnerContext(<S>(name: string) => this.state<S>(name));

  constructor(private readonly options: ProjectionRunnerOptions) {
    const names = new Set<string>();
    for (const m of options.models) {
      if (names.has(m.name)) throw new Error(`Duplicate read model name ${m.name}`);
      names.add(m.name);
    }
    this.slots = options.models.map((model) => ({ model, state: model.initialState(), position: 0n }));
    for (const s of this.slots) this.byName.set(s.model.name, s);
    this.checkpoints = options.checkpointFile
      ? openCheckpoints(options.checkpointFile, options.readOnlyCheckpoints ?? false)
      : undefined;
    this.snapshotEvery = options.snapshotEvery ?? 50_000;
    this.snapshotIntervalMs = options.snapshotIntervalMs ?? 30_000;
    this.batchSize = options.batchSize ?? 500;
    this.snapshotSliceMs = options.snapshotSliceMs ?? 10;
    this.saveSettledAfterMs = options.saveSettledAfterMs ?? SLOW_SAVE_MS;
    this.currentDay = options.today();
  }

  /** The position every read model has reached. */
  get position(): bigint {
    return this._position;
  }
  /** Events applied by this process (replays included). */
  get applied(): number {
    return this._applied;
  }
  get live(): boolean {
    return this._live;
  }
  /** True while start() restores the snapshots (the states are not whole yet; ADR 0146). */
  get restoringSnapshots(): boolean {
    return this.restoring !== undefined;
  }
  /** True while a long settle runs in slices (ADR 0159; events are applied again once it ends). */
  get settlingInSlices(): boolean {
    return this.settling !== undefined;
  }
  /**
   * True while a snapshot's cut holds the fold (events are applied again once its parts are cut, or
   * once only parts cut while folding are left: the ledger view's and the city's compliance's,
   * ADRs 0179 and 0181).
   */
  get snapshotting(): boolean {
    return this.saving?.holding === true;
  }
  /** Events that could not be parsed and were set aside (logged), oldest first. */
  get skipped(): ReadonlyArray<{ position: bigint; eventId: string; error: string }> {
    return this._skipped;
  }
  get failure(): Error | undefined {
    return this._failed;
  }

  /** The current state of one read model (do not mutate). */
  state<S>(name: string): S {
    const slot = this.byName.get(name);
    if (!slot) throw new Error(`Unknown read model ${name}`);
    return slot.state as S;
  }

  modelVersions(): Record<string, { version: number; position: string }> {
    return Object.fromEntries(
      this.slots.map((s) => [s.model.name, { version: s.model.version, position: s.position.toString() }]),
    );
  }

  /** Restores snapshots, catches up to the head, then follows the live subscription. */
  async start(onProgress?: (p: ProgressInfo) => void): Promise<void> {
    this.restoring = this.restore();
    try {
      await this.restoring;
    } finally {
      this.restoring = undefined;
    }
    if (this.stopping || this._failed) return;
    await this.catchUp(onProgress);
    if (this.stopping || this._failed) return;
    // A long catch-up leaves the whole city to judge: ~2 s at a million events, in slices (ADR 0159).
    await this.settled();
    if (this.stopping || this._failed) return;
    this.follow();
    // Its judgement saved alone, once live (the cut pauses the fold; /health is up meanwhile).
    this.saveSettled();
  }

  /** Forgets every state and replays the whole log from position 0 (then follows live if it was). */
  async rebuild(onProgress?: (p: ProgressInfo) => void): Promise<void> {
    if (this.settling) await this.settling; // it would resume the fold it paused
    const wasLive = this._live;
    const resume = this.abandonSave();
    this.unfollow();
    resume(); // left: nothing to resume
    for (const s of this.slots) {
      s.state = s.model.initialState();
      s.position = 0n;
    }
    this._position = 0n;
    this.currentDay = this.options.today();
    await this.catchUp(onProgress);
    this.settle();
    this.saveSnapshot();
    if (wasLive) this.follow();
  }

  /**
   * Reads the global log page by page until the head. Between pages it yields the event loop: the
   * embedded store reads synchronously, so without it a catch-up of a long log held the loop until
   * it ended, and the API could neither listen nor answer `/health` meanwhile (ADR 0143).
   */
  async catchUp(onProgress?: (p: ProgressInfo) => void): Promise<void> {
    const head = await this.options.store.headPosition();
    while (!this.stopping && !this._failed) {
      const page = await this.options.store.readAll({ after: this._position, maxCount: this.batchSize });
      if (page.length === 0 || this.stopping) break;
      for (const e of page) this.handle(e);
      const cutting = this.maybeSnapshot();
      onProgress?.({
        position: this._position,
        head: head > this._position ? head : this._position,
        applied: this._applied,
      });
      // A snapshot's parts are cut from these states: nothing may be applied before they are.
      if (cutting) await cutting;
      if (page.length < this.batchSize) break;
      await nextTurn();
    }
  }

  /**
   * Resolves true once every read model has reached `position`, false after `timeoutMs`
   * (read-your-writes for queries carrying `?minPosition=`).
   */
  waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this._position >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = {
        position,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(false);
        }, timeoutMs).unref(),
      };
      this.waiters.push(waiter);
    });
  }

  /** Lets read models recompute what depends on "today" when the day changed without events. */
  refreshDay(): void {
    const today = this.options.today();
    if (today === this.currentDay) return;
    // A new day changes the states: a snapshot being cut from them is given up (the next is due),
    // unless only parts cut while folding are left (ADR 0179).
    const resume = this.abandonHeldSave();
    this.currentDay = today;
    const ctx = this.context([]);
    for (const s of this.slots) if (s.model.onNewDay) s.state = s.model.onNewDay(s.state, ctx);
    resume();
  }

  /**
   * Lets every model finish deferred work, without holding the event loop for a long settle (ADR
   * 0159): a model whose settle is long (`settling`: the whole city's compliance on a new day or
   * after a long catch-up, ~2 s at a million events) runs its steps about `snapshotSliceMs` per
   * turn, the live fold paused meanwhile so that the states do not change under them; the others
   * settle on this turn (so when nothing is long, everything is settled before this returns).
   * Resolves once every model is settled; callers while it runs share it. Never rejects: a model
   * that throws stops the runner (`failure`), as it would while applying an event.
   */
  settled(): Promise<void> {
    if (this.settling) return this.settling;
    if (this._failed || this.stopping) return Promise.resolve();
    this.refreshDay();
    const ctx = this.context([]);
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i];
      let steps: Generator<void, unknown, undefined> | undefined;
      try {
        steps = slot.model.settling?.(slot.state, ctx);
        if (!steps && slot.model.settle) slot.state = slot.model.settle(slot.state, ctx);
      } catch (err) {
        this.fail(err);
        return Promise.resolve();
      }
      if (steps) {
        // Set before it can end: it awaits its first slice's turn, and its end clears it.
        this.settling = this.settleInSlices(i, steps);
        return this.settling;
      }
    }
    return Promise.resolve();
  }

  /**
   * Runs slot `from`'s settle steps in slices, then settles the models after it (one turn each, or
   * in slices too), with the live fold paused and resumed at the end. A snapshot being cut is
   * given up first: the states it is cut from are about to change.
   */
  private async settleInSlices(from: number, first: Generator<void, unknown, undefined>): Promise<void> {
    // The given-up cut's hold on the fold is released once the settle holds it. A cut left with only
    // parts cut while folding goes on (ADR 0179).
    const resumeCut = this.abandonHeldSave();
    const release = this.holdFold();
    resumeCut();
    const started = performance.now();
    const slices: Slices = { start: started, workMs: 0, steps: 0 };
    const sliced: ModelSlot[] = [];
    let completed = false;
    try {
      let steps: Generator<void, unknown, undefined> | undefined = first;
      for (let i = from; i < this.slots.length; i++) {
        const slot = this.slots[i];
        const ctx = this.context([]);
        if (i > from) steps = slot.model.settling?.(slot.state, ctx);
        if (steps) {
          const settled = await this.inSlices(steps, slices);
          if (!settled) return; // stop() ended it: the state stays whole, its work still to do
          slot.state = settled.value;
          sliced.push(slot);
        } else if (slot.model.settle) slot.state = slot.model.settle(slot.state, ctx);
      }
      completed = true;
    } catch (err) {
      this.fail(err);
      return;
    } finally {
      slices.workMs += performance.now() - slices.start;
      this.settling = undefined;
      // A live settle's judgement is saved alone (ADR 0174): its cut holds the fold before this
      // settle lets go of it, so no event is applied in between.
      if (completed && sliced.length > 0 && slices.workMs >= this.saveSettledAfterMs) {
        this.settledUnsaved = [...new Set([...(this.settledUnsaved ?? []), ...sliced])];
        this.saveSettled();
      }
      release();
    }
    if (slices.workMs >= SLOW_SAVE_MS) {
      this.log(
        'info',
        `读模型已分片整理：${slices.steps} 步，用时 ${(slices.workMs / 1000).toFixed(1)} 秒（不占住事件循环）· read models settled in slices: ${slices.steps} steps, ${(slices.workMs / 1000).toFixed(1)} s of work over ${((performance.now() - started) / 1000).toFixed(1)} s, the event loop free between slices`,
      );
    }
  }

  /**
   * Runs read-only steps over the states (e.g. the city's evaluation at another day on the ledger
   * view, ~1.3–2.6 s at a million events) about `snapshotSliceMs` per event-loop turn, with the live
   * fold paused so that they read unchanging states; answers their result (ADR 0160). The first
   * slice runs on the caller's turn: steps that end within it (most of a subject's history) never
   * pause the fold (ADR 0166). Rejects if `stop()` ends them or they throw; the runner goes on
   * either way.
   */
  async readInSlices<T>(steps: Generator<void, T, undefined>): Promise<T> {
    if (this.stopping) throw new Error('the read models are stopping');
    let release: (() => void) | undefined;
    try {
      // The fold is held from the first yield: no turn has passed before it, so the states are
      // still those the first slice read.
      const read = await this.inSlices(steps, { start: performance.now(), workMs: 0, steps: 0 }, () => {
        release = this.holdFold();
      });
      if (!read) throw new Error('the read models stopped during the read');
      return read.value;
    } finally {
      release?.();
    }
  }

  /**
   * Pauses the live fold until the answered release is called (once): a live snapshot's cut (ADR 0142), a
   * settle in slices (ADR 0159), a read in slices (ADR 0160). Holds nest, and the last release
   * resumes following if the runner is still live: a pause keeps `live`, while `unfollow()` (stop,
   * rebuild) and a failure clear it, and a catch-up's holds come before it follows at all.
   */
  private holdFold(): () => void {
    if (this.holds++ === 0) {
      this.subscription?.unsubscribe(); // paused, not left: `live` stays true
      this.subscription = undefined;
    }
    return () => {
      if (--this.holds === 0 && this._live) this.follow();
    };
  }

  /**
   * Lets every model finish deferred work on this turn, however long (a rebuild, the projector, a
   * live snapshot about to be cut); queries use `settled()`.
   */
  settle(): void {
    this.refreshDay();
    const ctx = this.context([]);
    for (const s of this.slots) if (s.model.settle) s.state = s.model.settle(s.state, ctx);
  }

  /**
   * Saves every model's snapshot and checkpoint in one transaction, now (on this turn). A live
   * snapshot being cut is given up for it; one being committed by the writer is waited for (the
   * write lock), so the newer snapshot is written last.
   */
  saveSnapshot(): void {
    if (!this.checkpoints) return;
    const resume = this.abandonSave();
    const started = Date.now();
    this.checkpoints.saveAll(this.snapshotRows(), (name, err) =>
      this.log('warn', `Snapshot of ${name} skipped: ${String(err)}`),
    );
    this.unsaved = 0;
    this.saved(Date.now() - started);
    resume();
  }

  /**
   * Each model's row (or those of `only`); snapshot parts are produced lazily, while they are
   * written. A snapshot of every model holds whatever a settle judged before it (ADR 0174). With
   * `foldMayGoOn` (a snapshot cut in slices), the models that can be cut while the fold goes on
   * come last, with `snapshotPartsWhileFolding`, and `foldMayGoOn` is called as the first of their
   * parts is cut (ADR 0179).
   */
  private snapshotRows(
    only?: readonly ModelSlot[],
    foldMayGoOn?: () => void,
    whileFoldingParts: Array<Iterator<string>> = [],
  ): SavedModel[] {
    if (!only) this.settledUnsaved = undefined;
    const rows: SavedModel[] = [];
    const whileFolding: SavedModel[] = [];
    for (const s of only ?? this.slots) {
      const base = { name: s.model.name, version: s.model.version, position: s.position };
      try {
        // Parts are produced lazily inside the transaction: one part's text alive at a time.
        if (foldMayGoOn && s.model.snapshotPartsWhileFolding) {
          const parts = s.model.snapshotPartsWhileFolding(s.state);
          whileFoldingParts.push(parts);
          whileFolding.push({ ...base, parts: announced(parts, foldMayGoOn) });
        } else
          rows.push(
            s.model.snapshotParts
              ? { ...base, parts: s.model.snapshotParts(s.state) }
              : { ...base, state: s.model.serialize(s.state) },
          );
      } catch (err) {
        // E.g. a state past V8's longest string: keep its previous snapshot (it replays from there).
        this.log('warn', `Snapshot of ${s.model.name} skipped: ${String(err)}`);
      }
    }
    return rows.concat(whileFolding);
  }

  /** Spaces the next snapshot after this one (four or ten times its work, ADR 0095). */
  private saved(workMs: number): void {
    this.lastSave = Date.now();
    this.lastSaveMs = workMs;
    this.saveCostMs = workMs;
  }

  /**
   * Pauses the fold, cuts the parts a slice per event-loop turn and hands them to the background
   * writer; once the last one is cut, a live runner resumes following (ADR 0142) and a catch-up
   * its next page (the promise answered, ADR 0143). A ledger view of a million events is ~400 MB
   * of parts; cut and written on one turn it held every request for ~25 s, and at 100k events
   * for ~0.7 s.
   */
  private beginSlicedSave(checkpoints: CheckpointStore, only?: readonly ModelSlot[]): Promise<void> {
    const release = this._live ? this.holdFold() : undefined;
    // Nothing deferred is left to change the states while their parts are cut. A catch-up leaves
    // deferred work deferred: nothing settles its states before it is ready.
    if (release) this.settle();
    const writer = (this.writer ??= new CheckpointWriter(checkpoints.file));
    const save = writer.start();
    let endCut = (): void => undefined;
    const cut = new Promise<void>((resolve) => (endCut = resolve));
    const whileFolding: Array<Iterator<string>> = [];
    const saving: SaveInProgress = {
      steps: checkpoints.writing(
        this.snapshotRows(only, () => (saving.foldMayGoOn = true), whileFolding),
        (name, err) => this.log('warn', `Snapshot of ${name} skipped: ${String(err)}`),
        save.sink,
      ),
      sink: save.sink,
      started: false,
      cutting: true,
      holding: true,
      foldMayGoOn: false,
      whileFolding,
      outcome: save.outcome,
      unsavedAtCut: 0,
      workMs: 0,
      release,
      endCut,
      only,
    };
    this.saving = saving;
    save.began.then(
      () => this.cut(saving, writer),
      (err: unknown) => this.saveFailed(saving, err),
    );
    save.outcome.then(
      () => this.saveCommitted(saving),
      (err: unknown) => this.saveFailed(saving, err),
    );
    return cut;
  }

  /** Cuts parts for about `snapshotSliceMs`, then yields the turn (or waits for the writer). */
  private cut(saving: SaveInProgress, writer: CheckpointWriter): void {
    if (this.saving !== saving) return; // given up meanwhile
    saving.started = true;
    const started = performance.now();
    let done = false;
    try {
      do {
        if (writer.backlogged) break;
        if (saving.steps.next().done) {
          done = true;
          break;
        }
        if (saving.foldMayGoOn && saving.holding) {
          this.foldGoesOn(saving);
          if (this.saving !== saving) return; // given up by what the resumed fold did
        }
      } while (performance.now() - started < this.snapshotSliceMs);
    } catch (err) {
      this.saveFailed(saving, err);
      return;
    }
    saving.workMs += performance.now() - started;
    if (!done) {
      // Never on the writer's message itself: Node delivers a port's queued messages in one go,
      // and cutting on each ack would keep the event loop from polling (measured: 5 s stalls).
      // Two turns on: what this turn queued after the slice (an append's commit, the read of the
      // events it announced) runs before the next slice, not after it. With parts of ~10 ms
      // (ADR 0183) the slices come back to back, and an event recorded meanwhile waited two slices
      // to be folded (p50 28 → 15 ms at a million events).
      const next = () => setImmediate(() => setImmediate(() => this.cut(saving, writer)));
      if (writer.backlogged) writer.whenDrained(next);
      else next();
      return;
    }
    // Every part is cut: the states may change again while the writer commits them. Its commit
    // keeps the disk busy (~400 MB at a million events): the store commits nothing on the event
    // loop until it is done (ADR 0182).
    saving.cutting = false;
    const offLoop = this.options.store.commitOffTheEventLoop?.();
    if (offLoop) saving.outcome.then(offLoop, offLoop);
    this.foldGoesOn(saving);
  }

  /**
   * The states may change again under the cut (every part is cut, or only parts cut while folding
   * are left, ADR 0179): a live fold resumes, a catch-up goes on with its next page. The events
   * applied from now on are not in this snapshot: they are the unsaved ones.
   */
  private foldGoesOn(saving: SaveInProgress): void {
    if (!saving.holding) return;
    saving.holding = false;
    if (!saving.only) {
      saving.unsavedAtCut = this.unsaved;
      this.unsaved = 0;
    }
    const release = saving.release;
    saving.release = undefined;
    saving.endCut();
    release?.();
  }

  private saveCommitted(saving: SaveInProgress): void {
    if (this.saving !== saving || saving.cutting) return; // given up (rolled back)
    this.saving = undefined;
    if (!saving.only) this.saved(saving.workMs);
    else {
      const names = saving.only.map((s) => s.model.name);
      this.log(
        'info',
        `已单独保存整理后的读模型 ${names.join('、')}（重启时不必再整理）· saved alone the read models a long settle judged (${names.join(', ')}): ${(saving.workMs / 1000).toFixed(1)} s of work cutting their parts; a restart on the same day restores their judgement`,
      );
    }
    this.armDueTimer(); // for the events applied while the writer committed
    this.saveSettled(); // a settle that ended while this one was committed
  }

  /**
   * Saves alone the models a long settle judged in slices (ADR 0174), so that a restart on the
   * same day restores their judgement instead of redoing it (the whole city's compliance: ~5 s of
   * work at a million events). Its parts are cut while the fold goes on (ADR 0181), as a full
   * snapshot's are: the fold is held only until the cut begins (~0.2 s at a million events).
   * Only while live: the cut holds the fold like a live snapshot's; start() asks again once it
   * follows. While a snapshot is committed it waits for the commit; a snapshot of every model begun
   * after the settle holds the judgement already (`snapshotRows`).
   */
  private saveSettled(): void {
    const only = this.settledUnsaved;
    const checkpoints = this.checkpoints;
    if (!only || !this._live || this.stopping || this._failed || this.saving) return;
    this.settledUnsaved = undefined;
    if (!checkpoints || checkpoints.readOnly) return;
    void this.beginSlicedSave(checkpoints, only);
  }

  /** As a snapshot failing on the event's own turn did (e.g. the disk is full): the runner stops. */
  private saveFailed(saving: SaveInProgress, err: unknown): void {
    if (this.saving !== saving) return; // given up, or replaced by a save on the runner's turn
    this.saving = undefined;
    saving.steps.return();
    endParts(saving);
    this.fail(err);
    saving.endCut(); // a catch-up waiting for it ends (failed)
  }

  /**
   * Gives up a snapshot whose parts are being cut (the writer rolls it back; the previous
   * snapshot stays). Answers the release of its hold on the live fold, for the caller to call once
   * the states may be folded on (a no-op when there is none). A catch-up waiting for it goes on
   * with its next page.
   */
  private abandonSave(): () => void {
    const saving = this.saving;
    if (!saving?.cutting) return NOTHING_TO_RESUME;
    this.saving = undefined;
    if (saving.started)
      saving.steps.return(); // its `finally` tells the writer to roll back
    else saving.sink.rollback();
    endParts(saving);
    // The fold went on before the end of its cut (ADR 0179): what it counted as saved is not.
    if (!saving.holding && !saving.only) this.unsaved += saving.unsavedAtCut;
    saving.endCut();
    return saving.release ?? NOTHING_TO_RESUME;
  }

  /** `abandonSave` for a snapshot whose cut holds the fold; one cutting only parts cut while folding goes on (ADR 0179). */
  private abandonHeldSave(): () => void {
    return this.saving?.holding ? this.abandonSave() : NOTHING_TO_RESUME;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.unfollow();
    // A restore in progress ends after its slice, its read transaction closed; nothing is saved
    // from its half-restored states (no event was applied: nothing unsaved).
    if (this.restoring) await this.restoring.catch(() => undefined);
    // So does a settle in slices: its state is whole, the work left to the next settle.
    if (this.settling) await this.settling;
    if (this.unsaved > 0) await this.saveAtStop();
    await this.writer?.close(); // after the commit it may be busy with
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.resolve(false);
    }
    this.waiters = [];
    this.checkpoints?.close();
    this.changes$.complete();
  }

  /**
   * The last snapshot (ADR 0144). A small state is saved on this turn, giving up a live snapshot
   * still being cut. A big one (a million events: ~10-15 s on one turn, past a graceful shutdown's
   * 15 s deadline, which could not even fire meanwhile) is not saved when the next start replays its
   * tail sooner, else cut in slices and committed by the writer, the event loop free meanwhile.
   */
  private async saveAtStop(): Promise<void> {
    const checkpoints = this.checkpoints;
    if (!checkpoints || checkpoints.readOnly || this.saveFitsOneSlice) {
      this.saveSnapshot();
      return;
    }
    if (this.tailQuickerThanSave) {
      // A long settle's models being saved alone go on (ADR 0174): stop() waits for their commit. So
      // does a snapshot whose cut let the fold go on (ADR 0179): the unsaved events are those after it.
      if (this.saving?.holding && !this.saving.only) this.abandonSave()(); // stopping: nothing resumes
      const replayMs = this.unsaved * REPLAY_MS_PER_EVENT;
      this.log(
        'info',
        `停止时不保存快照 · snapshot not saved at stop: replaying the ${this.unsaved} events since the last one (~${Math.ceil(replayMs)} ms) is quicker than saving (~${Math.ceil(this.saveCostMs)} ms)`,
      );
      return;
    }
    this.abandonSave()(); // stopping: nothing resumes
    await this.beginSlicedSave(checkpoints); // stop() then waits for the writer's commit
  }

  /**
   * Restores every model from its snapshot (or from 0: none, another version, unreadable). A
   * chunked snapshot is restored a slice of about `snapshotSliceMs` at a time, yielding the event
   * loop between slices: a million events' states take ~6-9 s to read back here, and on one turn
   * the API could neither listen nor answer `/health` meanwhile (ADR 0146). A `stop()` ends it
   * after the current slice.
   */
  private async restore(): Promise<void> {
    const started = performance.now();
    const slices: Slices = { start: started, workMs: 0, steps: 0 };
    const checkpoints = this.checkpoints;
    // One read transaction across the slices: a projector writing meanwhile cannot pair one
    // snapshot's rows with another's parts (ledger-api reading the projector's file).
    const endReading = checkpoints?.beginReading();
    try {
      const saved = checkpoints?.load() ?? new Map<string, LoadedModel>();
      for (const s of this.slots) {
        const row = saved.get(s.model.name);
        if (row && row.version === s.model.version) {
          try {
            if (row.chunked) {
              const restored = await this.inSlices(this.restoreChunked(s.model), slices);
              if (!restored) return; // stop() ended it: nothing half-restored is put in place
              s.state = restored.value;
            } else s.state = s.model.deserialize(row.state);
            s.position = row.position;
            continue;
          } catch (err) {
            this.log('warn', `Snapshot of ${s.model.name} unreadable, rebuilding it: ${String(err)}`);
          }
        } else if (row) {
          this.log(
            'info',
            `Read model ${s.model.name} changed version ${row.version} → ${s.model.version}: rebuilding it from position 0`,
          );
        }
        s.state = s.model.initialState();
        s.position = 0n;
      }
      this._position = this.slots.reduce(
        (min, s) => (s.position < min ? s.position : min),
        this.slots[0]?.position ?? 0n,
      );
    } finally {
      endReading?.();
      slices.workMs += performance.now() - slices.start;
      this.saveCostMs = slices.workMs;
    }
    const { workMs, steps } = slices;
    if (workMs >= SLOW_SAVE_MS) {
      this.log(
        'info',
        `读模型快照已恢复：位置 ${this._position}，${steps} 个分片，用时 ${(workMs / 1000).toFixed(1)} 秒（分片进行，不占住事件循环）· read models restored from their snapshots at position ${this._position}: ${steps} parts in ${(workMs / 1000).toFixed(1)} s of work over ${((performance.now() - started) / 1000).toFixed(1)} s, the event loop free between slices`,
      );
    }
  }

  /**
   * Runs a step-by-step restore about `snapshotSliceMs` at a time, yielding the event loop between
   * slices (ADR 0146). Undefined when `stop()` ended it (the steps are closed, and so the cursor of
   * the parts they read). `beforeFirstYield` runs once, just before the first turn is yielded: steps
   * that end within the first slice never call it (a read takes its hold there, ADR 0166).
   */
  private async inSlices<T>(
    steps: Generator<void, T, undefined>,
    slices: Slices,
    beforeFirstYield?: () => void,
  ): Promise<{ value: T } | undefined> {
    let step = steps.next();
    for (; !step.done; step = steps.next()) {
      slices.steps++;
      if (performance.now() - slices.start < this.snapshotSliceMs) continue;
      slices.workMs += performance.now() - slices.start;
      beforeFirstYield?.();
      beforeFirstYield = undefined;
      await nextTurn();
      slices.start = performance.now();
      if (this.stopping) {
        steps.return(undefined as never);
        return undefined;
      }
    }
    return { value: step.value };
  }

  /** A model's chunked snapshot, step by step (a step per part; ADR 0146). */
  private restoreChunked(model: ReadModel<unknown>): Generator<void, unknown, undefined> {
    if (!model.restoreParts || !this.checkpoints)
      throw new Error('a chunked snapshot for a model without restoreParts');
    return model.restoreParts(this.checkpoints.parts(model.name));
  }

  private follow(): void {
    if (this.subscription) return;
    this._live = true;
    this.subscription = this.options.store.subscribeToAll({ after: this._position }).subscribe({
      next: (e) => {
        try {
          // A new day's settle is long: in slices, the fold paused; this event comes again after it.
          if (this.options.today() !== this.currentDay && this.beginsSettleInSlices()) return;
          this.handle(e);
          void this.maybeSnapshot(); // a live snapshot resumes the fold itself
        } catch (err) {
          this.fail(err);
        }
      },
      error: (err: unknown) => this.fail(err),
    });
    this.armDueTimer(); // the catch-up's own tail
  }

  /** Settles (a new day) before a live event: true when that runs in slices (the fold is paused). */
  private beginsSettleInSlices(): boolean {
    void this.settled();
    return this.settling !== undefined;
  }

  private unfollow(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this._live = false;
    clearTimeout(this.dueTimer);
    this.dueTimer = undefined;
  }

  private fail(err: unknown): void {
    this._failed = err instanceof Error ? err : new Error(String(err));
    this._live = false;
    this.log('error', `Projection runner stopped: ${this._failed.message}`);
  }

  private handle(stored: StoredEvent): void {
    if (stored.position <= this._position) return; // already applied (hand-over overlap)
    let event: RecordedDomainEvent;
    try {
      event = parseRecordedEvent(stored);
    } catch (err) {
      this._skipped.push({ position: stored.position, eventId: stored.eventId, error: String(err) });
      this.log('warn', `Event set aside: ${String(err)}`);
      for (const s of this.slots) if (s.position < stored.position) s.position = stored.position;
      this.advance(stored.position);
      return;
    }
    const today = this.options.today();
    // The day moves first, so onNewDay and this event are judged at the new day (the context used
    // to carry the previous day, leaving "today" views one day behind until the day moved again).
    const dayMoved = today !== this.currentDay;
    this.currentDay = today;
    const ctx = this.ctx.reset(today, this._live);
    if (dayMoved) {
      for (const s of this.slots)
        if (s.model.onNewDay && s.position < stored.position) s.state = s.model.onNewDay(s.state, ctx);
    }
    for (const s of this.slots) {
      if (s.position >= stored.position) continue; // this model's snapshot is ahead
      s.state = s.model.apply(s.state, event, ctx);
      s.position = stored.position;
    }
    this._applied += 1;
    this.unsaved += 1;
    this.advance(stored.position);
    // Nobody listening (a replay, the projector): no change object per event.
    if (this.changes$.observed) this.changes$.next({ event, findings: ctx.emitted });
  }

  private context(emitted: FindingChange[]): ApplyContext {
    return {
      today: this.currentDay,
      stateOf: <S>(name: string) => this.state<S>(name),
      emitFindings: (changes) => emitted.push(...changes),
      emitted,
      live: this._live,
    };
  }

  private advance(position: bigint): void {
    this._position = position;
    if (this.waiters.length === 0) return;
    const still: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (w.position <= position) {
        clearTimeout(w.timer);
        w.resolve(true);
      } else still.push(w);
    }
    this.waiters = still;
  }

  /**
   * Begins a snapshot when one is due. Answers a promise when the fold must wait for its parts to
   * be cut (a catch-up awaits it between two pages; a live runner resumes on its own).
   */
  private maybeSnapshot(): Promise<void> | undefined {
    // Not while a settle runs in slices (its due timer, a commit's): the states are changing; the
    // fold resumed after it asks again (ADR 0159).
    if (this.unsaved === 0 || this.stopping || this.saving || this.settling || !this.checkpoints)
      return undefined;
    if (this.msUntilDue() > 0) {
      this.armDueTimer(); // while live: begun when due, also if no event follows (ADR 0145)
      return undefined;
    }
    // A read-only file: a no-op that keeps the spacing. A small state in a catch-up: on this turn.
    if (this.checkpoints.readOnly || (!this._live && this.saveFitsOneSlice)) {
      this.saveSnapshot();
      return undefined;
    }
    return this.beginSlicedSave(this.checkpoints);
  }

  /** A slow save (≥ 1 s of work) whose unsaved tail a restart replays sooner than it saves it (ADRs 0144, 0158). */
  private get tailQuickerThanSave(): boolean {
    return this.saveCostMs >= SLOW_SAVE_MS && this.unsaved * REPLAY_MS_PER_EVENT < this.saveCostMs;
  }

  /**
   * How long until a snapshot of the unsaved events is due (≤ 0: due now): `snapshotEvery` events
   * or `snapshotIntervalMs` since the last save, and never sooner than four times the last save's
   * work while live, ten times during a catch-up (a big state: snapshots must not eat the replay).
   * A slow snapshot is not due while a restart would replay its tail sooner than it is saved
   * (Infinity: the next events ask again): its cut is ~10 s of work at a million events (the fold
   * paused for all of it before ADR 0179, ~1–1.5 s of it until ADR 0181, ~0.1 s since), and a
   * snapshot of one event after a restart paused it for nothing (ADR 0158).
   * The same holds during a catch-up (ADR 0169): after a restore that took seconds, no earlier save
   * spaces the next one, and the catch-up of a tail that stop() had left unsaved for being quicker
   * to replay waited ~10 s for a snapshot of it once 50,000 events were applied.
   */
  private msUntilDue(): number {
    if (this.tailQuickerThanSave) return Infinity;
    const since = Date.now() - this.lastSave;
    const spaced = (this._live ? 4 : 10) * this.lastSaveMs - since;
    return this.unsaved < this.snapshotEvery ? Math.max(spaced, this.snapshotIntervalMs - since) : spaced;
  }

  /**
   * While live, a snapshot due with no event after it begins on a timer (ADR 0145); before, it
   * waited for the next event, and an idle ledger kept its tail unsaved until stop(). Set by
   * `maybeSnapshot()` when the snapshot is not due yet (an event's, or the timer's own), by
   * following with a tail and by a commit. One timer at a time, unref'd; none while a save is in
   * progress (its commit sets the next) or the file is read-only.
   */
  private armDueTimer(): void {
    if (this.dueTimer || !this._live || this.stopping || this._failed || this.saving || this.unsaved === 0)
      return;
    if (!this.checkpoints || this.checkpoints.readOnly) return;
    // Not due by any time (a slow save's tail still short, ADR 0158): the next events ask again.
    const ms = this.msUntilDue();
    if (ms === Infinity) return;
    this.dueTimer = setTimeout(
      () => {
        this.dueTimer = undefined;
        if (!this._live || this.stopping || this._failed) return;
        try {
          void this.maybeSnapshot(); // not due yet after all (spaced by a slow save): set again
        } catch (err) {
          this.fail(err);
        }
      },
      Math.min(Math.max(ms, 0) + 1, MAX_TIMER_MS),
    ).unref();
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.options.log?.(level, message);
  }
}

/**
 * Ends the parts of a save given up or failed that were cut while the fold went on, begun or not
 * (the writer's `return()` closes only the model it was at): what a model keeps for its cut is
 * released (ADR 0181). Parts read to their end are ended already.
 */
function endParts(saving: SaveInProgress): void {
  for (const parts of saving.whileFolding) parts.return?.();
}

/** `parts`, calling `first` as the first of them is asked for (ADR 0179: the fold may go on from there). */
function* announced(parts: Iterable<string>, first: () => void): Generator<string> {
  first();
  yield* parts;
}
