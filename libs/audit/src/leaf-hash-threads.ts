/**
 * Worker threads that hash the leaves of the embedded store's events by ranges of positions, for
 * `verifyLog` (ADR 0184) and for the audit projection's catch-up from far behind (ADR 0185). Each
 * thread runs `leaf-hash.worker.js` with its own read-only connection to `events.db`; what crosses
 * back is 8 bytes of position and 32 of hash per event (transferred, not copied), not the events.
 * A range is answered by the thread it was sent to, in the order sent.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { HASH_SIZE } from './merkle/hash';

const WORKER_FILE = path.join(__dirname, 'leaf-hash.worker.js');

/** What one thread answers for a range (see `openRangeHasher` in leaf-hash.worker.js). */
export interface RangeLeaves {
  readonly count: number;
  /** Positions of the first `count` entries, in order. */
  readonly positions: BigInt64Array;
  /** 32 bytes per entry, the leaf hash of the event at the same index of `positions`. */
  readonly hashes: Uint8Array;
  /** Stopped at `max` before the end of the range. */
  readonly more: boolean;
  /** A row that could not be decoded ended the range: reading failed after `after`. */
  readonly unreadable?: { readonly after: bigint; readonly message: string };
}

/** A range's answer as leaves: each position with its hash (a view of the answer's bytes, not a copy). */
export function leavesOfRange(r: RangeLeaves): Array<{ position: bigint; hash: Buffer }> {
  const leaves = new Array<{ position: bigint; hash: Buffer }>(r.count);
  const { buffer, byteOffset } = r.hashes;
  for (let i = 0; i < r.count; i++) {
    leaves[i] = {
      position: r.positions[i],
      hash: Buffer.from(buffer, byteOffset + HASH_SIZE * i, HASH_SIZE),
    };
  }
  return leaves;
}

/**
 * The answers for `ranges` (each the events with after < position ≤ upTo), in the ranges' order,
 * with up to two ranges per thread in flight; a range holding more than `max` events is asked again
 * for the rest. Ends after an answer with an unreadable event. `ranges` is read only as far ahead as
 * the ranges in flight, so a range may be worked out from the ones before it.
 */
export async function* hashInOrder(
  hasher: RangeHasher,
  ranges: Iterator<{ readonly after: bigint; readonly upTo: bigint }>,
  max: number,
): AsyncGenerator<RangeLeaves> {
  const ask = (after: bigint, upTo: bigint): Promise<RangeLeaves> => {
    const answer = hasher.hashRange(after, upTo, max);
    answer.catch(() => undefined); // an answer left unread when the reading stops early
    return answer;
  };
  const inFlight: Array<{ upTo: bigint; answer: Promise<RangeLeaves> }> = [];
  let more = true;
  for (;;) {
    while (more && inFlight.length < 2 * hasher.threads) {
      const next = ranges.next();
      if (next.done) more = false;
      else inFlight.push({ upTo: next.value.upTo, answer: ask(next.value.after, next.value.upTo) });
    }
    const first = inFlight.shift();
    if (first === undefined) return;
    let r = await first.answer;
    for (;;) {
      yield r;
      if (r.unreadable) return;
      if (!r.more) break;
      r = await ask(r.positions[r.count - 1], first.upTo);
    }
  }
}

/** Hashes ranges of the log's events: `hashRange` answers the events with after < position ≤ upTo, at most max. */
export interface RangeHasher {
  readonly threads: number;
  hashRange(after: bigint, upTo: bigint, max: number): Promise<RangeLeaves>;
  close(): Promise<void>;
}

interface Pending {
  resolve(r: RangeLeaves): void;
  reject(e: Error): void;
}

/** `count` threads over `<dataDir>/events.db` (`file`); ranges go to them in turn. */
export function startLeafHashThreads(file: string, count: number): RangeHasher {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`thread count must be a positive integer, got ${count}`);
  const pending = new Map<number, Pending>();
  let lastId = 0;
  let turn = 0;
  let dead: Error | undefined;
  let closing = false;
  const fail = (err: Error): void => {
    dead ??= err;
    for (const p of pending.values()) p.reject(dead);
    pending.clear();
    settled();
  };
  const exits: Array<Promise<void>> = [];
  // Idle, the threads do not keep the process alive (a caller that never closes them still ends);
  // a range asked for does, until every range is answered (ADR 0186).
  const settled = (): void => {
    if (pending.size === 0 && !closing) for (const w of workers) w.unref();
  };
  const workers = Array.from({ length: count }, () => {
    const w = new Worker(WORKER_FILE, { workerData: { leafHashFile: file } });
    w.on('message', (m: { id: number; failed?: string } & RangeLeaves) => {
      const p = pending.get(m.id);
      if (p === undefined) return;
      pending.delete(m.id);
      settled();
      if (m.failed !== undefined) p.reject(new Error(`leaf hash thread: ${m.failed}`));
      else p.resolve(m);
    });
    w.on('error', (err: Error) => fail(new Error(`leaf hash thread failed: ${err?.message ?? String(err)}`)));
    exits.push(
      new Promise<void>((resolve) =>
        w.once('exit', (code) => {
          if (pending.size > 0)
            fail(new Error(`leaf hash thread ended (exit code ${code}) with ranges unanswered`));
          resolve();
        }),
      ),
    );
    return w;
  });
  settled(); // after the listeners: adding a 'message' listener refs a Worker's port again
  return {
    threads: count,
    hashRange(after, upTo, max) {
      if (dead) return Promise.reject(dead);
      const id = ++lastId;
      const worker = workers[turn++ % workers.length];
      return new Promise<RangeLeaves>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ id, after: after.toString(), upTo: upTo.toString(), max });
      });
    },
    async close() {
      // Each thread answers what it was sent, then closes its connection and ends; the process
      // waits for that.
      closing = true;
      for (const w of workers) {
        w.ref();
        w.postMessage('close');
      }
      await Promise.all(exits);
    },
  };
}
