import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { LOCK_TIMEOUT_MS, SNAPSHOT_SQL, type SnapshotSink } from './checkpoint-store';

const WORKER_FILE = path.join(__dirname, 'checkpoint-writer.worker.js');

/**
 * Parts handed over and not yet written: cutting waits beyond this (bounds the text in flight: parts
 * are at most ~256 Ki characters, or one entry, since ADR 0183).
 */
export const MAX_PARTS_IN_FLIGHT = 8;

interface Pending {
  resolve(): void;
  reject(err: Error): void;
}

/** One save handed to the writer. */
export interface WriterSave {
  /** Resolves once the writer holds the write lock (rejects if it cannot). */
  readonly began: Promise<void>;
  /** Settles when the save is committed or rolled back (rejects if it failed). */
  readonly outcome: Promise<void>;
  /** The `sink` for `CheckpointStore.writing`: what it hands over goes to the writer, in order. */
  readonly sink: SnapshotSink;
}

/**
 * The main side of the background writer of snapshots (live ones, ADR 0142; a catch-up's and
 * stop()'s of a big state, ADRs 0143, 0144; the thread is
 * checkpoint-writer.worker.js). One save at a time: `start()` asks for the write lock, the runner
 * passes the save's `sink` to `CheckpointStore.writing` and cuts the parts, and the save's
 * `outcome` settles when the writer has committed (or rolled back) them. A thread of its own is
 * the only way to keep the inserts, the commit's fsync and the WAL checkpoint after it off the
 * event loop (better-sqlite3 is synchronous); the thread starts with the first snapshot it writes.
 */
export class CheckpointWriter {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private readonly pending = new Map<number, { began: Pending; ended: Pending }>();
  private lastId = 0;
  private inFlight = 0;
  private drained?: () => void;
  private outcomes: Promise<unknown> = Promise.resolve();
  private dead?: Error;
  private closing = false;

  constructor(private readonly file: string) {
    this.worker = new Worker(WORKER_FILE, {
      workerData: { file, sql: SNAPSHOT_SQL, busyTimeoutMs: LOCK_TIMEOUT_MS },
    });
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', () => {
        this.died(new Error('the snapshot writer thread ended'));
        resolve();
      }),
    );
    this.worker.on('message', (m: { op: string; id?: number; message?: string }) => this.answer(m));
    this.worker.on('error', (err) =>
      this.died(new Error(`the snapshot writer thread failed: ${err.message}`)),
    );
    // Idle, the thread does not keep the process alive; a save in progress does (its caller may
    // await nothing else). After the listeners: adding one refs a Worker's port again (ADR 0186).
    this.worker.unref();
  }

  /** Begins a save (see WriterSave). */
  start(): WriterSave {
    const id = ++this.lastId;
    let began!: Pending;
    let ended!: Pending;
    const beganP = new Promise<void>((resolve, reject) => (began = { resolve, reject }));
    const outcome = new Promise<void>((resolve, reject) => (ended = { resolve, reject }));
    beganP.catch(() => undefined); // a failure is seen through `began` or `outcome`, if awaited
    outcome.catch(() => undefined);
    this.outcomes = outcome.catch(() => undefined);
    this.pending.set(id, { began, ended });
    if (this.dead) this.failed(id, this.dead);
    else {
      this.worker.ref();
      this.worker.postMessage({ op: 'begin', id });
    }
    return { began: beganP, outcome, sink: this.sinkOf(id) };
  }

  /** True while MAX_PARTS_IN_FLIGHT parts are handed over and not yet written. */
  get backlogged(): boolean {
    return this.inFlight >= MAX_PARTS_IN_FLIGHT;
  }

  /** Calls `then` once fewer parts are in flight (once; a later call replaces it). */
  whenDrained(then: () => void): void {
    this.drained = then;
  }

  /**
   * Waits for the last save (if any) to end, then ends the thread. While it closes its connection
   * the thread keeps the process alive: unreferenced, a process with nothing else to do (a CLI, a
   * shutdown whose other handles are closed) ended before the thread did, and before whatever its
   * caller awaited next (found measuring ADR 0182).
   */
  async close(): Promise<void> {
    this.closing = true;
    await this.outcomes;
    if (!this.dead) {
      this.worker.ref();
      this.worker.postMessage({ op: 'close' });
    }
    await this.exited;
  }

  private sinkOf(id: number): SnapshotSink {
    const post = (m: object) => {
      if (!this.dead) this.worker.postMessage({ ...m, id });
    };
    return {
      begin: () => undefined, // start() asked for the transaction
      model: (name) => post({ op: 'model', name }),
      part: (name, seq, body) => {
        if (!this.dead) this.inFlight += 1;
        post({ op: 'part', name, seq, body });
      },
      row: (row) => post({ op: 'row', row }),
      dropModel: () => post({ op: 'dropModel' }),
      commit: () => post({ op: 'commit' }),
      rollback: () => post({ op: 'rollback' }),
      inTransaction: true, // the writer reports its own failures (`outcome` rejects)
    };
  }

  private answer(m: { op: string; id?: number; message?: string }): void {
    const p = m.id === undefined ? undefined : this.pending.get(m.id);
    switch (m.op) {
      case 'began':
        p?.began.resolve();
        break;
      case 'ack': {
        this.inFlight -= 1;
        const drained = this.drained;
        if (drained && !this.backlogged) {
          this.drained = undefined;
          drained();
        }
        break;
      }
      case 'committed':
      case 'rolledBack':
        p?.began.resolve(); // (a save given up before it began)
        p?.ended.resolve();
        if (m.id !== undefined) this.settled(m.id);
        break;
      case 'unusable':
        this.died(
          new Error(`the snapshot writer cannot write ${this.file}: ${m.message ?? 'unknown error'}`),
        );
        break;
      case 'failed':
        if (m.id !== undefined)
          this.failed(m.id, new Error(`snapshot not saved: ${m.message ?? 'unknown error'}`));
        break;
    }
  }

  /** The thread cannot write any more: every save in progress, and every later one, fails. */
  private died(err: Error): void {
    this.dead ??= err;
    for (const id of [...this.pending.keys()]) this.failed(id, this.dead);
  }

  private failed(id: number, err: Error): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.settled(id);
    p.began.reject(err);
    p.ended.reject(err);
  }

  /** A save ended: with none left in progress, the thread no longer holds the process. */
  private settled(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0 && !this.closing) this.worker.unref();
  }
}
