/**
 * The audit projection: follows the global log (`subscribeToAll({ after })`), appends one leaf
 * per event to the audit log, and signs a checkpoint at a fixed interval (when the tree grew)
 * and on demand.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sharedReading, type EventStore, type StoredEvent } from '@ledger/event-store';
import { bufferTime, filter, type Subscription } from 'rxjs';
import type { AuditLog, StoredCheckpoint } from './audit-log';
import { eventLeafHash } from './leaf';
import { hashInOrder, leavesOfRange, startLeafHashThreads } from './leaf-hash-threads';
import type { CheckpointSigner } from './signing';

export interface AuditProjectionOptions {
  /** Milliseconds between automatic checkpoints; 0 turns them off. */
  readonly checkpointIntervalMs: number;
  /** ISO instant for the checkpoints' timestamps. */
  readonly now: () => string;
  readonly onError?: (err: unknown) => void;
  /**
   * The embedded store only (ADR 0185): a log more than `beyond` events behind the store (default
   * 20,000) catches up with the leaves hashed on `count` worker threads reading `eventsFile`
   * (`<dataDir>/events.db`); the main thread only appends them. The subscription starts after.
   */
  readonly threads?: { readonly eventsFile: string; readonly count: number; readonly beyond?: number };
}

/** How far behind the log must be for a catch-up on threads (ADR 0185). */
export const THREADED_CATCH_UP_BEYOND = 20_000;
/** Positions per range of a threaded catch-up (at most that many events: SQLite's positions are its rowids). */
const THREADED_CATCH_UP_RANGE = 4_000;

export const DEFAULT_CHECKPOINT_INTERVAL_MS = 10_000;

/** Events per page of `catchUp()`, as the subscription's batches (a page is one event-loop turn). */
export const AUDIT_CATCH_UP_PAGE = 2_000;

/** `LEDGER_CHECKPOINT_INTERVAL_MS` (default 10000, 0 = only on demand); a bad value names the setting. */
export function checkpointIntervalFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const v = env.LEDGER_CHECKPOINT_INTERVAL_MS?.trim();
  if (v === undefined || v === '') return DEFAULT_CHECKPOINT_INTERVAL_MS;
  if (!/^\d+$/.test(v) || Number(v) > 86_400_000) {
    throw new Error(`配置错误 · invalid configuration: LEDGER_CHECKPOINT_INTERVAL_MS: expected 0…86400000 milliseconds, got "${v}"`);
  }
  return Number(v);
}

export class AuditProjection {
  private subscription?: Subscription;
  /** The catch-up that start() runs before subscribing (with `threads`), while it runs. */
  private starting?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private waiters: Array<{ position: bigint; resolve: () => void }> = [];
  private failure?: unknown;

  constructor(
    private readonly store: EventStore,
    readonly log: AuditLog,
    private readonly signer: CheckpointSigner,
    private readonly options: AuditProjectionOptions,
  ) {}

  start(): void {
    if (this.subscription || this.starting) return;
    this.log.recordSigningKey(this.signer.info.keyId, this.signer.info.pem);
    if (this.options.threads) {
      // Far behind, the catch-up on threads comes first and the subscription follows from where it
      // ended (started at once, it would read and hash the same events again on this thread).
      const starting: Promise<void> = this.catchUp().then(
        () => {
          if (this.starting !== starting) return; // stopped meanwhile
          this.starting = undefined;
          this.subscribe();
        },
        (err: unknown) => {
          if (this.starting === starting) this.starting = undefined;
          this.failure = err;
          this.options.onError?.(err);
        },
      );
      this.starting = starting;
    } else {
      this.subscribe();
    }
    this.startTimer();
  }

  private subscribe(): void {
    this.subscription = this.store
      .subscribeToAll({ after: this.log.lastPosition })
      .pipe(
        bufferTime(50, null, 2000),
        filter((batch) => batch.length > 0),
      )
      .subscribe({
        next: (batch) => this.ingest(batch),
        error: (err: unknown) => {
          this.failure = err;
          this.options.onError?.(err);
        },
      });
  }

  private startTimer(): void {
    if (this.options.checkpointIntervalMs > 0) {
      this.timer = setInterval(() => {
        try {
          this.checkpointIfGrown();
        } catch (err) {
          this.options.onError?.(err);
        }
      }, this.options.checkpointIntervalMs);
      this.timer.unref();
    }
  }

  /** Appends events (idempotent for positions already in the log) and wakes waiters. */
  ingest(events: readonly StoredEvent[]): void {
    // (Events the log holds already are not hashed again: a subscription replayed over a catch-up.)
    const last = this.log.lastPosition;
    this.appendLeaves(events.filter((e) => e.position > last).map((e) => ({ position: e.position, hash: eventLeafHash(e) })));
  }

  private appendLeaves(leaves: ReadonlyArray<{ position: bigint; hash: Buffer }>): void {
    this.log.append(leaves);
    const reached = this.log.lastPosition;
    const ready = this.waiters.filter((w) => w.position <= reached);
    this.waiters = this.waiters.filter((w) => w.position > reached);
    for (const w of ready) w.resolve();
  }

  /**
   * Reads whatever the subscription has not delivered yet, up to the store's head (a checkpoint
   * asked for now, an inclusion proof of a recent event). It yields the event loop between pages:
   * on the embedded store each read answers at once, and on a log still a million events behind
   * (the first start after an upgrade) one call held every request for ~33 s (ADR 0149). Callers
   * during a reading share it, then read what was written since.
   */
  readonly catchUp: () => Promise<void> = sharedReading(() => this.readToHead());

  private async readToHead(): Promise<void> {
    const head = await this.store.headPosition();
    const threads = this.options.threads;
    if (threads && head - this.log.lastPosition > BigInt(threads.beyond ?? THREADED_CATCH_UP_BEYOND)) {
      await this.hashOnThreads(head, threads.eventsFile, threads.count);
    }
    while (this.log.lastPosition < head) {
      const page = await this.store.readAll({ after: this.log.lastPosition, maxCount: AUDIT_CATCH_UP_PAGE });
      if (page.length === 0) break;
      this.ingest(page);
      await nextTurn();
    }
  }

  /**
   * Appends the leaves of the events up to `head` hashed on threads, a range of positions at a time,
   * two ranges per thread in flight, in order (ADR 0185). Each answer is appended on a turn of its
   * own. A range a thread cannot read ends it: the paged reading through the port goes on from there
   * (and meets the same event, as before).
   */
  private async hashOnThreads(head: bigint, eventsFile: string, count: number): Promise<void> {
    const hasher = startLeafHashThreads(eventsFile, count);
    const from = this.log.lastPosition;
    function* ranges(): Generator<{ after: bigint; upTo: bigint }> {
      for (let after = from; after < head; ) {
        const upTo = head - after > THREADED_CATCH_UP_RANGE ? after + BigInt(THREADED_CATCH_UP_RANGE) : head;
        yield { after, upTo };
        after = upTo;
      }
    }
    try {
      for await (const r of hashInOrder(hasher, ranges(), THREADED_CATCH_UP_RANGE)) this.appendLeaves(leavesOfRange(r));
    } finally {
      await hasher.close();
    }
  }

  /** Resolves once the log holds the event at `position` (or later). */
  waitFor(position: bigint): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.log.lastPosition >= position) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }

  /** Signs the current tree now (after catching up with the store). */
  async checkpointNow(): Promise<StoredCheckpoint> {
    await this.catchUp();
    return this.sign();
  }

  /** Signs the tree if it grew since the last checkpoint (the interval timer's job). */
  checkpointIfGrown(): StoredCheckpoint | undefined {
    const latest = this.log.latestCheckpoint();
    if (latest ? latest.treeSize >= this.log.size : this.log.size === 0) return undefined;
    return this.sign();
  }

  private sign(): StoredCheckpoint {
    this.log.recordSigningKey(this.signer.info.keyId, this.signer.info.pem);
    const treeSize = this.log.size;
    const signed = this.signer.sign({ treeSize, rootHash: this.log.root(treeSize).toString('hex'), timestamp: this.options.now() });
    return this.log.saveCheckpoint(signed);
  }

  stop(): void {
    this.starting = undefined; // a catch-up still running ends without subscribing
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
