import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { Observable } from 'rxjs';
import { EventIdConflictError, StoreClosedError, WrongExpectedRevisionError } from '../errors';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  Json,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  SubscribeOptions,
} from '../event-store.port';
import { StreamNotFoundError } from '../errors';
import { migrate } from './migrations';

export type SqliteSynchronous = 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';

export interface SqliteEventStoreOptions {
  /** Directory holding `events.db` (created when missing). */
  readonly dataDir: string;
  /** `PRAGMA synchronous` of the writer; default `FULL` (durable at commit, ADR 0002). */
  readonly synchronous?: SqliteSynchronous;
  /**
   * How often an idle subscription looks for events written by another process (the projector
   * or the CLI on the same data dir); this process's own commits wake it at once. Default 250 ms.
   */
  readonly pollIntervalMs?: number;
  /**
   * Run a request that is alone (nothing in flight, nothing else queued) on this thread through a
   * second write connection instead of the writer thread (ADR 0104). Default true; false sends
   * every append through the writer thread (the specs run both ways).
   */
  readonly inlineLoneAppends?: boolean;
}

/** Page size of the subscription's catch-up reads. */
const PAGE = 500;
const WORKER_FILE = path.join(__dirname, 'sqlite-writer.worker.js');
/** The append transaction, shared with the writer thread (plain CommonJS, like the worker). */
const APPENDER_FILE = path.join(__dirname, 'sqlite-appender.worker.js');

/** What sqlite-appender.worker.js's createAppender returns (see its header). */
interface Appender {
  /** Throws only when the transaction could not start (nothing written, no transaction left open). */
  runBatch(parts: WireParts): { codes: Float64Array; extra: WireOutcome[]; head: bigint };
}
type Committed = (requests: number, bytes: number, events: number) => void;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createAppender, createCheckpointPolicy, WAL_BOUND_FRAMES } = require(APPENDER_FILE) as {
  createAppender: (db: Database.Database, hooks?: { committed?: Committed }) => Appender;
  createCheckpointPolicy: (db: Database.Database, signal: Int32Array) => Committed;
  WAL_BOUND_FRAMES: number;
};

/**
 * A batch on the wire (ADR 0096): ONE flat array, per request `streamId, expected, n` then n ×
 * `eventId, type, data, metadata` (data and metadata as JSON text; expected as 'any' |
 * 'no_stream' | 'stream_exists' | a revision in decimal), so the structured clone copies strings
 * and no per-append object or bigint.
 */
type WireParts = (string | number)[];
type WireError =
  | {
      kind: 'wrong_expected_revision';
      streamId: string;
      expected: ExpectedRevision;
      actual: bigint | 'no_stream';
    }
  | { kind: 'event_id_conflict'; eventId: string }
  | { kind: 'error'; message: string };
type WireOutcome = { result: AppendResult; error?: undefined } | { error: WireError; result?: undefined };
type WorkerMessage =
  | { type: 'ready'; head: bigint; synchronous: number; checkpointSignal?: Int32Array }
  | {
      type: 'batch';
      batchId: number;
      /** Per request: status (0 success, k > 0 → extra[k - 1]), last revision, last position. */
      codes: Float64Array;
      extra?: WireOutcome[];
      head: bigint;
    }
  | { type: 'closed' };

interface Pending {
  readonly expected: ExpectedRevision;
  readonly eventIds: string[];
  readonly resolve: (r: AppendResult) => void;
  readonly reject: (e: Error) => void;
}

/** A row in raw (array) mode, columns in COLUMNS order: no per-row object from the driver. */
type EventRow = [
  position: bigint,
  eventId: string,
  streamId: string,
  revision: bigint,
  type: string,
  data: string,
  metadata: string,
];

function toStored(row: EventRow): StoredEvent {
  return {
    eventId: row[1],
    streamId: row[2],
    revision: row[3],
    position: row[0],
    type: row[4],
    data: JSON.parse(row[5]) as Json,
    metadata: JSON.parse(row[6]) as Json,
  };
}

function toStoredAll(rows: EventRow[]): StoredEvent[] {
  const out = new Array<StoredEvent>(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = toStored(rows[i]);
  return out;
}

function toError(e: WireError): Error {
  switch (e.kind) {
    case 'wrong_expected_revision':
      return new WrongExpectedRevisionError(e.streamId, e.expected, e.actual);
    case 'event_id_conflict':
      return new EventIdConflictError(e.eventId);
    default:
      return new Error(`SQLite event store: ${e.message}`);
  }
}

const COLUMNS = 'position, event_id, stream_id, revision, type, data, metadata';

/**
 * The embedded event store: one file `<dataDir>/events.db` (WAL). A writer worker thread commits
 * queued appends together (group commit, ADR 0002); a request alone (nothing in flight, nothing
 * else queued) is committed on this thread through a second write connection with the same code
 * (ADR 0104). Reads run on this thread over a third connection, which sees only committed
 * transactions.
 */
export class SqliteEventStore implements EventStore {
  private readonly listeners = new Set<() => void>();
  private readonly subscribers = new Set<(err: Error) => void>();
  private queue: Pending[] = [];
  private queueParts: WireParts = [];
  private inFlight: Pending[] | undefined;
  private flushScheduled = false;
  private batchSeq = 0;
  private closed = false;
  private closing: Promise<void> | undefined;
  private failure: Error | undefined;
  private onClosed: (() => void) | undefined;
  private workerExited = false;
  /** The inline path's write connection and its appender (ADR 0104), when enabled. */
  private inline: { readonly db: Database.Database; readonly appender: Appender } | undefined;
  /** Holds of `commitOffTheEventLoop` not released: lone appends go through the writer thread. */
  private offLoopHolds = 0;
  /** See readAllOfTypes. */
  private readonly readAllByTypeCount = new Map<number, Database.Statement<unknown[]>>();

  private readonly stmt: {
    readonly streamForwards: Database.Statement<[string, bigint, number]>;
    readonly streamBackwards: Database.Statement<[string, bigint, number]>;
    readonly readAll: Database.Statement<[bigint, number]>;
    readonly findEvent: Database.Statement<[string]>;
    readonly streamRevision: Database.Statement<[string]>;
    readonly head: Database.Statement<[]>;
  };

  private constructor(
    private readonly reader: Database.Database,
    private readonly worker: Worker,
    /** The writer's effective `PRAGMA synchronous`. */
    readonly synchronous: SqliteSynchronous,
    private readonly pollIntervalMs: number,
    inline: { readonly db: Database.Database; readonly appender: Appender } | undefined,
  ) {
    this.inline = inline;
    this.stmt = {
      streamForwards: reader
        .prepare(
          `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
        )
        .raw(true),
      streamBackwards: reader
        .prepare(
          `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
        )
        .raw(true),
      readAll: reader
        .prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`)
        .raw(true),
      findEvent: reader.prepare(`SELECT ${COLUMNS} FROM events WHERE event_id = ?`).raw(true),
      // The last entry of the UNIQUE (stream_id, revision) index: one seek (ADR 0100).
      streamRevision: reader.prepare(
        'SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
      ),
      head: reader.prepare('SELECT COALESCE(MAX(position), 0) AS head FROM events'),
    };
    worker.on('message', (msg: WorkerMessage) => this.onWorkerMessage(msg));
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => {
      this.workerExited = true;
      if (!this.closed) this.fail(new Error(`SQLite writer thread exited (code ${code})`));
      this.onClosed?.();
    });
    // The writer keeps the process alive only while appends are queued or being committed, so a
    // script that forgets close() still exits, and one that awaits an append does not exit early.
    // After the 'message' listener: Node refs a Worker's message port again whenever one is added,
    // so unref() before it left every store that was never closed holding its process (ADR 0186).
    worker.unref();
  }

  /** Opens (creating and migrating when needed) `<dataDir>/events.db` and starts the writer. */
  static async open(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
    const synchronous = options.synchronous ?? 'FULL';
    if (!['OFF', 'NORMAL', 'FULL', 'EXTRA'].includes(synchronous))
      throw new Error(`Invalid synchronous setting: ${synchronous}`);
    fs.mkdirSync(options.dataDir, { recursive: true });
    const file = path.join(options.dataDir, 'events.db');
    const reader = new Database(file);
    try {
      reader.pragma('journal_mode = WAL');
      reader.pragma('busy_timeout = 5000');
      migrate(reader);
      reader.pragma('query_only = ON');
      reader.defaultSafeIntegers(true);
    } catch (err) {
      reader.close();
      throw err;
    }
    const worker = new Worker(WORKER_FILE, { workerData: { file, synchronous } });
    let effective: SqliteSynchronous;
    let checkpointSignal: Int32Array | undefined;
    try {
      effective = await new Promise<SqliteSynchronous>((resolve, reject) => {
        const onMessage = (msg: WorkerMessage): void => {
          if (msg.type === 'ready') {
            worker.off('error', reject);
            checkpointSignal = msg.checkpointSignal;
            resolve((['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const)[msg.synchronous]);
          }
        };
        worker.once('message', onMessage);
        worker.once('error', reject);
      });
    } catch (err) {
      reader.close();
      await worker.terminate();
      throw err;
    }
    let inline: { db: Database.Database; appender: Appender } | undefined;
    if (options.inlineLoneAppends ?? true) {
      // The inline path's own write connection (ADR 0104): same durability as the writer's; never
      // waits for the write lock (busy_timeout 0): when another process holds it, the request goes
      // to the writer thread instead, which does wait. Its checkpoints follow the writer's policy
      // (ADR 0108): a big commit (a 100-event append) nudges the writer's checkpointer thread, a
      // small one checkpoints here after its COMMIT; without that thread (never started, or gone:
      // the policy sees it in the signal), SQLite's own auto-checkpoint (1000 pages) runs after
      // its commits.
      const db = new Database(file);
      try {
        db.pragma(`synchronous = ${effective}`);
        db.pragma('busy_timeout = 0');
        db.pragma('temp_store = MEMORY');
        db.defaultSafeIntegers(true);
        let committed: Committed | undefined;
        if (checkpointSignal) {
          db.pragma(`wal_autocheckpoint = ${WAL_BOUND_FRAMES}`);
          committed = createCheckpointPolicy(db, checkpointSignal);
        }
        inline = { db, appender: createAppender(db, { committed }) };
      } catch (err) {
        db.close();
        reader.close();
        await worker.terminate();
        throw err;
      }
    }
    return new SqliteEventStore(reader, worker, effective, options.pollIntervalMs ?? 250, inline);
  }

  appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    if (this.failure) return Promise.reject(this.failure);
    const expected = options?.expectedRevision ?? 'any';
    const n = events.length;
    // Encoded whole before anything is queued: a bad event rejects this append alone.
    const parts: WireParts = new Array<string | number>(3 + 4 * n);
    const eventIds = new Array<string>(n);
    try {
      parts[0] = requireText(streamId, 'streamId');
      parts[1] = typeof expected === 'bigint' ? expected.toString() : expected;
      parts[2] = n;
      for (let i = 0, k = 3; i < n; i++, k += 4) {
        const e = events[i];
        eventIds[i] = parts[k] = requireText(e.eventId, 'eventId');
        parts[k + 1] = requireText(e.type, 'type');
        parts[k + 2] = JSON.stringify(e.data ?? null);
        parts[k + 3] = JSON.stringify(e.metadata ?? null);
      }
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ expected, eventIds, resolve, reject });
      const q = this.queueParts;
      for (let i = 0; i < parts.length; i++) q.push(parts[i]);
      this.scheduleFlush();
    });
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    this.assertOpen();
    const limit = options?.maxCount ?? -1;
    const backwards = options?.direction === 'backwards';
    const rows = (
      backwards
        ? this.stmt.streamBackwards.all(
            streamId,
            options?.fromRevision ?? BigInt(Number.MAX_SAFE_INTEGER),
            limit,
          )
        : this.stmt.streamForwards.all(streamId, options?.fromRevision ?? 0n, limit)
    ) as EventRow[];
    if (rows.length === 0 && this.stmt.streamRevision.get(streamId) === undefined)
      throw new StreamNotFoundError(streamId);
    return toStoredAll(rows);
  }

  async readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    this.assertOpen();
    const after = options?.after ?? 0n;
    const maxCount = options?.maxCount ?? -1;
    const types = options?.types;
    if (types === undefined) return this.readAllSync(after, maxCount);
    // SQLite skips the other types' rows in its scan: never handed over nor parsed. (An empty
    // list: `type IN ()` matches nothing.)
    return toStoredAll(this.readAllOfTypes(types.length).all(after, ...types, maxCount) as EventRow[]);
  }

  /** `readAll` of `count` types: one statement per count (`type IN (?, …)`), prepared once. */
  private readAllOfTypes(count: number): Database.Statement<unknown[]> {
    let stmt = this.readAllByTypeCount.get(count);
    if (stmt === undefined) {
      const placeholders = Array.from({ length: count }, () => '?').join(', ');
      stmt = this.reader
        .prepare(
          `SELECT ${COLUMNS} FROM events WHERE position > ? AND type IN (${placeholders}) ORDER BY position LIMIT ?`,
        )
        .raw(true);
      this.readAllByTypeCount.set(count, stmt);
    }
    return stmt;
  }

  /**
   * The last page a subscription read (ADR 0125), for the other subscriptions woken by the same
   * commit: `readAll(after, PAGE)` answered at most one event-loop turn ago, with no local commit
   * announced since (each announcement drops it). A subscription that catches up from the same
   * position takes it instead of reading the same rows again.
   */
  private sharedPage: { readonly after: bigint; readonly page: readonly StoredEvent[] } | undefined;

  subscribeToAll(options?: SubscribeOptions): Observable<StoredEvent> {
    return new Observable<StoredEvent>((subscriber) => {
      if (this.closed) {
        subscriber.error(new StoreClosedError());
        return undefined;
      }
      let last = options?.after ?? 0n;
      let stopped = false;
      let pumping = true;
      let dirty = false;
      let poll: NodeJS.Timeout | undefined;
      // Every delivery goes through readAll(after = last delivered): a commit seen during catch-up
      // is read by the next page, so the catch-up/live hand-over can have neither gap nor duplicate.
      const pump = (): void => {
        if (stopped || this.closed) return;
        dirty = false;
        let page: readonly StoredEvent[];
        try {
          page = this.readPageShared(last);
        } catch (err) {
          subscriber.error(err);
          return;
        }
        for (const e of page) {
          if (stopped) return;
          last = e.position;
          subscriber.next(e);
        }
        if (stopped) return;
        if (page.length === PAGE || dirty) setImmediate(pump);
        else {
          pumping = false;
          // Idle: look again later for another process's commits (unref'd: never holds the process).
          poll = setTimeout(onCommit, this.pollIntervalMs);
          poll.unref();
        }
      };
      const onCommit = (): void => {
        // A commit was announced (or the poll is due): pages read before it may miss its events.
        this.sharedPage = undefined;
        if (poll) clearTimeout(poll);
        poll = undefined;
        if (pumping) {
          dirty = true;
          return;
        }
        pumping = true;
        setImmediate(pump);
      };
      const onClose = (err: Error): void => subscriber.error(err);
      this.listeners.add(onCommit);
      this.subscribers.add(onClose);
      setImmediate(pump);
      return () => {
        stopped = true;
        if (poll) clearTimeout(poll);
        this.listeners.delete(onCommit);
        this.subscribers.delete(onClose);
      };
    });
  }

  /**
   * `readAllSync(after, PAGE)` for a subscription's pump, shared by the subscriptions that pump
   * from the same position in the same turn (the audit log and the projections after each commit
   * read the same new events: one read, one decode, fanned out). The page is kept until the next
   * turn's immediates run or the next commit is announced, whichever comes first, so a subscription
   * never takes a page older than its own wake-up: every commit it was woken for is in it or gets
   * it woken again (no gap, no duplicate: its own `after` still decides what it reads). The events
   * are shared, as the in-memory store shares them: subscribers do not change events.
   */
  private readPageShared(after: bigint): readonly StoredEvent[] {
    const kept = this.sharedPage;
    if (kept !== undefined && kept.after === after) return kept.page;
    const page = this.readAllSync(after, PAGE);
    const entry = { after, page };
    this.sharedPage = entry;
    setImmediate(() => {
      if (this.sharedPage === entry) this.sharedPage = undefined;
    });
    return page;
  }

  async streamRevision(streamId: string): Promise<bigint | undefined> {
    this.assertOpen();
    const row = this.stmt.streamRevision.get(streamId) as { revision: bigint } | undefined;
    return row?.revision;
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return (this.stmt.head.get() as { head: bigint }).head;
  }

  async findEvent(eventId: string): Promise<StoredEvent | undefined> {
    this.assertOpen();
    const row = this.stmt.findEvent.get(eventId) as EventRow | undefined;
    return row === undefined ? undefined : toStored(row);
  }

  /**
   * Lone appends go through the writer thread until the answer is called (ADR 0182): while another
   * writer of this process keeps the disk busy (a read model's snapshot of ~400 MB committed at a
   * million events), an inline commit's fsync waited 0.5–1 s for the disk with the event loop held.
   */
  commitOffTheEventLoop(): () => void {
    this.offLoopHolds += 1;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.offLoopHolds -= 1;
    };
  }

  async ping(): Promise<boolean> {
    if (this.closed || this.failure) return false;
    try {
      this.reader.prepare('SELECT 1').get();
      return true;
    } catch {
      return false;
    }
  }

  /** Lets queued appends commit, stops the writer, closes the file; subscriptions error. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closing = (async () => {
      // Appends already accepted are committed before the writer stops.
      while ((this.inFlight || this.queue.length > 0) && !this.failure) {
        await new Promise((r) => setImmediate(r));
      }
      this.closed = true;
      this.inline?.db.close();
      this.inline = undefined;
      if (!this.workerExited) {
        const exited = new Promise<void>((resolve) => (this.onClosed = resolve));
        this.worker.ref();
        if (!this.failure) this.worker.postMessage({ type: 'close' });
        else await this.worker.terminate();
        await exited;
      }
      this.reader.close();
      for (const notify of [...this.subscribers]) notify(new StoreClosedError());
      this.subscribers.clear();
      this.listeners.clear();
    })();
    return this.closing;
  }

  private readAllSync(after: bigint, maxCount: number): StoredEvent[] {
    return toStoredAll(this.stmt.readAll.all(after, maxCount) as EventRow[]);
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }

  /** Appends issued in the same event-loop turn, or while a batch is being committed, share a batch. */
  private scheduleFlush(): void {
    if (this.inFlight || this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.inFlight || this.queue.length === 0 || this.failure) return;
    const batch = this.queue;
    const parts = this.queueParts;
    if (batch.length === 1 && this.inline && this.offLoopHolds === 0) {
      // A lone request with nothing in flight (ADR 0104): the same transaction on this thread,
      // which saves the two thread hand-overs a lone append otherwise waits for (ADR 0103).
      let answer: ReturnType<Appender['runBatch']> | undefined;
      try {
        answer = this.inline.appender.runBatch(parts);
      } catch {
        // Not started (e.g. SQLITE_BUSY: another process writes): the writer thread, which waits.
      }
      if (answer) {
        this.queue = [];
        this.queueParts = [];
        this.settle(batch, answer.codes, answer.extra);
        if (this.queue.length > 0) this.scheduleFlush();
        return;
      }
    }
    this.queue = [];
    this.queueParts = [];
    this.inFlight = batch;
    this.worker.ref();
    this.worker.postMessage({ type: 'batch', batchId: ++this.batchSeq, parts });
  }

  private onWorkerMessage(msg: WorkerMessage): void {
    if (msg.type !== 'batch') return;
    const batch = this.inFlight ?? [];
    this.inFlight = undefined;
    this.settle(batch, msg.codes, msg.extra);
    // Not flushed at once: the appenders just answered usually append again within this turn.
    if (this.queue.length > 0) this.scheduleFlush();
    else this.worker.unref();
  }

  /** Answers a committed (or wholly failed) batch; only now are its positions announced. */
  private settle(batch: Pending[], codes: Float64Array, extra: WireOutcome[] | undefined): void {
    for (let i = 0, r = 0; i < batch.length; i++, r += 3) {
      const p = batch[i];
      const status = codes[r];
      if (status === 0) {
        p.resolve(resultOf(p.eventIds, codes[r + 1], codes[r + 2]));
        continue;
      }
      const outcome = (extra as WireOutcome[])[status - 1];
      if (outcome.result) p.resolve(outcome.result);
      else if (outcome.error.kind === 'wrong_expected_revision')
        p.reject(toError({ ...outcome.error, expected: p.expected }));
      else p.reject(toError(outcome.error));
    }
    for (const notify of [...this.listeners]) notify();
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    const pending = [...(this.inFlight ?? []), ...this.queue];
    this.inFlight = undefined;
    this.queue = [];
    this.queueParts = [];
    for (const p of pending) p.reject(err);
    for (const notify of [...this.subscribers]) notify(err);
  }
}

/** A successful append's answer: its events hold consecutive revisions and positions ending at the last. */
function resultOf(eventIds: readonly string[], lastRevision: number, lastPosition: number): AppendResult {
  const n = eventIds.length;
  const events = new Array<AppendResult['events'][number]>(n);
  for (let i = 0; i < n; i++) {
    const back = n - 1 - i;
    events[i] = {
      eventId: eventIds[i],
      revision: BigInt(lastRevision - back),
      position: BigInt(lastPosition - back),
    };
  }
  return {
    nextExpectedRevision: BigInt(lastRevision),
    position: BigInt(lastPosition),
    events,
  };
}

function requireText(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new TypeError(`${name} must be a non-empty string`);
  return value;
}
