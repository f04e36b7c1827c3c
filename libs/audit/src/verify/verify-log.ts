/**
 * Recomputes the whole tree from the store and checks it against the audit log: every leaf the
 * audit projection recorded (position and hash) and every signed checkpoint (signature and root).
 * Names the first position that differs. Store-agnostic: reads through the EventStore port; for
 * the embedded store the leaves can be hashed on worker threads instead (`threads`, ADR 0184),
 * with the same verdict.
 */
import type { KeyObject } from 'node:crypto';
import type { EventStore, StoredEvent } from '@ledger/event-store';
import type { AuditLeaf, AuditLog, StoredCheckpoint } from '../audit-log';
import { eventLeafHash } from '../leaf';
import { MerkleFrontier } from '../merkle/frontier';
import { hashesEqual } from '../merkle/hash';
import { verifyCheckpointSignature } from '../signing';
import { hashInOrder, leavesOfRange, startLeafHashThreads, type RangeHasher } from '../leaf-hash-threads';

export interface LogDifference {
  /** Global position (string) of the first event that differs from what the audit log recorded. */
  readonly position: string;
  readonly leafIndex: number;
  readonly reason: string;
}

export interface LogVerification {
  readonly ok: boolean;
  readonly eventsRead: number;
  readonly leavesChecked: number;
  readonly checkpointsChecked: number;
  /** Events in the store after the audit log's last leaf (not yet covered). */
  readonly notYetInAuditLog: number;
  readonly firstDifference?: LogDifference;
  readonly problems: string[];
}

export interface VerifyLogOptions {
  readonly store: EventStore;
  readonly log: AuditLog;
  /** The key checkpoints must be signed with. */
  readonly publicKey: KeyObject;
  readonly pageSize?: number;
  /** Called after each page with the events read so far. */
  readonly onProgress?: (eventsRead: number) => void;
  /**
   * The embedded store only: hash the leaves of `eventsFile` (`<dataDir>/events.db`) on `count`
   * worker threads, a range of `rangeSize` audit leaves (default 4,000) at a time. The events after
   * the audit log's last leaf are still read through `store`.
   */
  readonly threads?: { readonly eventsFile: string; readonly count: number; readonly rangeSize?: number };
}

/** Leaves in position order: a page of positions with their leaf hashes, whatever the source. */
interface LeafPage {
  readonly leaves: ReadonlyArray<{ readonly position: bigint; readonly hash: Buffer }>;
  /** Reading stopped at an event the store cannot decode: after `after`, for `message`. */
  readonly unreadable?: { readonly after: bigint; readonly message: string };
}

const DEFAULT_RANGE_SIZE = 4_000;

/**
 * The leaves of events read after `after`. An event that has no leaf (a number JSON.parse made
 * infinite, say, which no append writes) ends the page as an unreadable one would.
 */
function pageOfEvents(events: readonly StoredEvent[], after: bigint): LeafPage {
  const leaves: Array<{ position: bigint; hash: Buffer }> = [];
  for (const e of events) {
    let hash: Buffer;
    try {
      hash = eventLeafHash(e);
    } catch (err) {
      const last = leaves.length > 0 ? leaves[leaves.length - 1].position : after;
      return { leaves, unreadable: { after: last, message: (err as Error).message } };
    }
    leaves.push({ position: e.position, hash });
  }
  return { leaves };
}

function unreadableAfter(after: bigint, err: unknown): LeafPage {
  return { leaves: [], unreadable: { after, message: (err as Error).message } };
}

/**
 * The store's events after `after`, through the port, a page at a time. A page that fails to read
 * is read again one event at a time, so the report names the event itself.
 */
async function* leavesFromStore(store: EventStore, after: bigint, pageSize: number): AsyncGenerator<LeafPage> {
  for (;;) {
    let events: StoredEvent[];
    try {
      events = await store.readAll({ after, maxCount: pageSize });
    } catch {
      // Read the failed page again one event at a time, so that the report names the event.
      for (let k = 0; k < pageSize; k++) {
        let one: StoredEvent[];
        try {
          one = await store.readAll({ after, maxCount: 1 });
        } catch (err) {
          yield unreadableAfter(after, err);
          return;
        }
        if (one.length === 0) return;
        const page = pageOfEvents(one, after);
        yield page;
        if (page.unreadable) return;
        after = one[0].position;
      }
      continue; // every event of the failed page read alone (a passing failure): on by pages
    }
    if (events.length === 0) return;
    const page = pageOfEvents(events, after);
    yield page;
    if (page.unreadable) return;
    after = events[events.length - 1].position;
  }
}

/**
 * The store's events hashed on threads, range by range in order: range j holds the events up to
 * audit leaf (j + 1)·size − 1's position after those of the ranges before it, so an event missing
 * from the store or one the audit log never saw falls in the range compared with those leaves.
 * Up to two ranges per thread are in flight. The events after the log's last leaf come from `store`.
 */
async function* leavesFromThreads(
  hasher: RangeHasher,
  log: AuditLog,
  rangeSize: number,
  store: EventStore,
  pageSize: number,
): AsyncGenerator<LeafPage> {
  const size = log.size;
  // (A leaf missing from a tampered audit.db bounds no range: its events go to the next one.)
  const positionAt = (leafIndex: number): bigint => (leafIndex < 0 ? 0n : (log.leaf(leafIndex)?.position ?? 0n));
  // The ranges cover (0, reached] one after the other whatever positions the audit log holds
  // (a tampered audit.db need not keep them in order): the events come as the port gives them.
  let reached = 0n;
  function* ranges(): Generator<{ after: bigint; upTo: bigint }> {
    for (let j = 0; j * rangeSize < size; j++) {
      const after = reached;
      const last = positionAt(Math.min((j + 1) * rangeSize, size) - 1);
      if (last > reached) reached = last;
      yield { after, upTo: reached };
    }
  }
  // Room for events the audit log never saw; more than that comes in further answers.
  for await (const r of hashInOrder(hasher, ranges(), 2 * rangeSize)) {
    yield { leaves: leavesOfRange(r), unreadable: r.unreadable };
    if (r.unreadable) return;
  }
  yield* leavesFromStore(store, reached, pageSize);
}

export async function verifyLog(options: VerifyLogOptions): Promise<LogVerification> {
  const { store, log, publicKey } = options;
  const pageSize = options.pageSize ?? 2000;
  const problems: string[] = [];
  let firstDifference: LogDifference | undefined;
  const differ = (d: LogDifference): void => {
    if (!firstDifference) {
      firstDifference = d;
      problems.push(`位置 ${d.position}（叶 ${d.leafIndex}）：${d.reason}`);
    }
  };

  const checkpoints = log.checkpoints();
  for (const cp of checkpoints) {
    if (!verifyCheckpointSignature(cp, publicKey)) {
      problems.push(`检查点签名无效 · checkpoint of tree size ${cp.treeSize} signed ${cp.timestamp}: the signature does not verify with the ledger's public key`);
    }
  }
  const pending = [...checkpoints];
  const checkRoots = (frontier: MerkleFrontier): void => {
    while (pending.length > 0 && pending[0].treeSize === frontier.size) {
      const cp = pending.shift() as StoredCheckpoint;
      if (frontier.root().toString('hex') !== cp.rootHash) {
        problems.push(`检查点根哈希不符 · checkpoint of tree size ${cp.treeSize} (${cp.timestamp}): the recomputed root differs from the signed one`);
      }
    }
  };

  const frontier = new MerkleFrontier();
  checkRoots(frontier);
  const recorded = log.leaves(0, pageSize);
  let next: IteratorResult<AuditLeaf> = recorded.next();
  let inStep = true; // false once the store and the audit log no longer line up position by position
  let leavesChecked = 0;
  let notYetInAuditLog = 0;

  const threads = options.threads;
  const hasher = threads && log.size > 0 ? startLeafHashThreads(threads.eventsFile, threads.count) : undefined;
  try {
    const pages = hasher
      ? leavesFromThreads(hasher, log, threads?.rangeSize ?? DEFAULT_RANGE_SIZE, store, pageSize)
      : leavesFromStore(store, 0n, pageSize);
    for await (const page of pages) {
      for (const { position, hash } of page.leaves) {
        const index = frontier.size;
        if (!next.done) {
          const leaf = next.value;
          if (inStep) {
            if (leaf.position === position) {
              if (!hashesEqual(leaf.hash, hash)) differ({ position: position.toString(), leafIndex: index, reason: '事件内容与记录时不同 · the event differs from the one recorded in the audit log' });
              leavesChecked++;
            } else if (leaf.position < position) {
              differ({ position: leaf.position.toString(), leafIndex: index, reason: `该位置的事件已从存储中消失 · the event recorded at this position is missing from the store (the store's next event is at ${position})` });
              inStep = false;
            } else {
              differ({ position: position.toString(), leafIndex: index, reason: `存储中多出审计日志未见过的事件 · the store holds an event the audit log never saw (it expected position ${leaf.position})` });
              inStep = false;
            }
          }
          next = recorded.next();
        } else {
          notYetInAuditLog++;
        }
        frontier.append(hash);
        checkRoots(frontier);
      }
      if (page.unreadable) {
        // A row the store cannot even decode: name the position the audit log expected there.
        const expected = next.done ? undefined : next.value;
        const { after, message } = page.unreadable;
        differ({
          position: expected ? expected.position.toString() : `>${after}`,
          leafIndex: frontier.size,
          reason: `存储无法读取该事件 · the store cannot read the event after position ${after}: ${message}`,
        });
        break;
      }
      if (page.leaves.length > 0) options.onProgress?.(frontier.size);
    }
  } finally {
    await hasher?.close();
  }

  if (!next.done && frontier.size < log.size) {
    differ({ position: next.value.position.toString(), leafIndex: next.value.leafIndex, reason: '该位置之后的事件已从存储中消失 · the store ends before this recorded event' });
  }
  for (const cp of pending) {
    problems.push(`检查点超出存储 · checkpoint of tree size ${cp.treeSize} covers events the store no longer holds (it has ${frontier.size})`);
  }
  return {
    ok: problems.length === 0,
    eventsRead: frontier.size,
    leavesChecked,
    checkpointsChecked: checkpoints.length,
    notYetInAuditLog,
    firstDifference,
    problems,
  };
}
