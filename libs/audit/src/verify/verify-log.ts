/**
 * Recomputes the whole tree from the store and checks it against the audit log: every leaf the
 * audit projection recorded (position and hash) and every signed checkpoint (signature and root).
 * Names the first position that differs. Store-agnostic: reads through the EventStore port.
 */
import type { KeyObject } from 'node:crypto';
import type { EventStore, StoredEvent } from '@ledger/event-store';
import type { AuditLeaf, AuditLog, StoredCheckpoint } from '../audit-log';
import { eventLeafHash } from '../leaf';
import { MerkleFrontier } from '../merkle/frontier';
import { hashesEqual } from '../merkle/hash';
import { verifyCheckpointSignature } from '../signing';

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
  let after = 0n;

  for (;;) {
    let page: StoredEvent[];
    try {
      page = await store.readAll({ after, maxCount: pageSize });
    } catch (err) {
      // A row the store cannot even decode: name the position the audit log expected there.
      const expected = next.done ? undefined : next.value;
      differ({
        position: expected ? expected.position.toString() : `>${after}`,
        leafIndex: frontier.size,
        reason: `存储无法读取该事件 · the store cannot read the event after position ${after}: ${(err as Error).message}`,
      });
      break;
    }
    if (page.length === 0) break;
    for (const event of page) {
      const hash = eventLeafHash(event);
      const index = frontier.size;
      if (!next.done) {
        const leaf = next.value;
        if (inStep) {
          if (leaf.position === event.position) {
            if (!hashesEqual(leaf.hash, hash)) differ({ position: event.position.toString(), leafIndex: index, reason: '事件内容与记录时不同 · the event differs from the one recorded in the audit log' });
            leavesChecked++;
          } else if (leaf.position < event.position) {
            differ({ position: leaf.position.toString(), leafIndex: index, reason: `该位置的事件已从存储中消失 · the event recorded at this position is missing from the store (the store's next event is at ${event.position})` });
            inStep = false;
          } else {
            differ({ position: event.position.toString(), leafIndex: index, reason: `存储中多出审计日志未见过的事件 · the store holds an event the audit log never saw (it expected position ${leaf.position})` });
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
    after = page[page.length - 1].position;
    options.onProgress?.(frontier.size);
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
