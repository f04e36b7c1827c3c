/**
 * The self-contained audit package (`ledger-cli export`): a subject's events, each with its leaf
 * document, leaf hash and an inclusion proof against one signed checkpoint, plus that checkpoint
 * and the public key. `verifyAuditPackage` checks it with nothing but the package itself.
 *
 * The key inside the package proves only that the holder of that key signed; an auditor who
 * wants to know it is the ledger's key compares `publicKey.keyId` with the one published at
 * `GET /api/v1/audit/public-key` (or passes it as `expectedKeyId`).
 */
import type { Json, StoredEvent } from '@ledger/event-store';
import type { AuditLog, StoredCheckpoint } from '../audit-log';
import { canonicalJson, eventLeafHash, leafDocument, type LeafDocument } from '../leaf';
import { hashLeafText, hashesEqual } from '../merkle/hash';
import { checkInclusion } from '../merkle/merkle';
import { publicKeyFromRaw, publicKeyInfo, verifyCheckpointSignature, type PublicKeyInfo } from '../signing';
import { createHash } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

export const AUDIT_PACKAGE_FORMAT = 'ledger-audit-package/1';

export interface PackagedEvent {
  readonly position: string;
  readonly leafIndex: number;
  /** The event as stored, revision as a string. */
  readonly event: { eventId: string; streamId: string; revision: string; type: string; data: Json; metadata: Json };
  /** The document whose RFC 8785 bytes are the leaf (recomputable from `event`). */
  readonly leaf: LeafDocument;
  readonly leafHash: string;
  readonly inclusionProof: string[];
}

export interface AuditPackage {
  readonly format: typeof AUDIT_PACKAGE_FORMAT;
  readonly subject: string;
  readonly exportedAt: string;
  readonly hashing: { tree: 'RFC 9162 (SHA-256, 0x00 leaf / 0x01 node prefixes)'; leaf: 'RFC 8785 canonical JSON, UTF-8'; signature: 'Ed25519 over RFC 8785 {treeSize, rootHash, timestamp}' };
  readonly checkpoint: StoredCheckpoint;
  readonly publicKey: PublicKeyInfo;
  readonly events: PackagedEvent[];
  /** Positions of the subject's events recorded after the checkpoint (not provable by it yet). */
  readonly notYetCheckpointed: string[];
}

export function buildAuditPackage(input: {
  subject: string;
  events: readonly StoredEvent[];
  log: AuditLog;
  checkpoint: StoredCheckpoint;
  publicKey: KeyObject;
  exportedAt: string;
}): AuditPackage {
  const { log, checkpoint } = input;
  const events: PackagedEvent[] = [];
  const notYetCheckpointed: string[] = [];
  for (const e of input.events) {
    const leafIndex = log.leafIndexOf(e.position);
    if (leafIndex === undefined || leafIndex >= checkpoint.treeSize) {
      notYetCheckpointed.push(e.position.toString());
      continue;
    }
    const hash = eventLeafHash(e);
    const stored = log.leaf(leafIndex);
    if (!stored || !hashesEqual(stored.hash, hash)) {
      throw new Error(`事件与审计日志不符 · event at position ${e.position} does not match the audit log: run ledger-cli verify`);
    }
    events.push({
      position: e.position.toString(),
      leafIndex,
      event: { eventId: e.eventId, streamId: e.streamId, revision: e.revision.toString(), type: e.type, data: e.data, metadata: e.metadata },
      leaf: leafDocument(e),
      leafHash: hash.toString('hex'),
      inclusionProof: log.inclusionProof(leafIndex, checkpoint.treeSize).map((h) => h.toString('hex')),
    });
  }
  return {
    format: AUDIT_PACKAGE_FORMAT,
    subject: input.subject,
    exportedAt: input.exportedAt,
    hashing: {
      tree: 'RFC 9162 (SHA-256, 0x00 leaf / 0x01 node prefixes)',
      leaf: 'RFC 8785 canonical JSON, UTF-8',
      signature: 'Ed25519 over RFC 8785 {treeSize, rootHash, timestamp}',
    },
    checkpoint,
    publicKey: publicKeyInfo(input.publicKey),
    events,
    notYetCheckpointed,
  };
}

export interface PackageVerdict {
  readonly ok: boolean;
  readonly eventsVerified: number;
  readonly problems: string[];
}

const HEX32 = /^[0-9a-f]{64}$/;

/** Checks a package offline: signature, key id, every leaf recomputed from its event, every proof. */
export function verifyAuditPackage(input: unknown, options: { expectedKeyId?: string } = {}): PackageVerdict {
  const problems: string[] = [];
  const fail = (msg: string): PackageVerdict => ({ ok: false, eventsVerified: 0, problems: [...problems, msg] });
  if (input === null || typeof input !== 'object') return fail('不是审计包 · not an audit package (not a JSON object)');
  const pkg = input as Partial<AuditPackage>;
  if (pkg.format !== AUDIT_PACKAGE_FORMAT) return fail(`格式不符 · unknown format ${JSON.stringify(pkg.format)}`);
  const cp = pkg.checkpoint;
  const key = pkg.publicKey;
  if (!cp || !key || !Array.isArray(pkg.events)) return fail('审计包不完整 · the package lacks its checkpoint, key or events');
  if (!Number.isSafeInteger(cp.treeSize) || cp.treeSize < 0 || typeof cp.rootHash !== 'string' || !HEX32.test(cp.rootHash)) {
    return fail('检查点格式错误 · malformed checkpoint');
  }
  let publicKey: KeyObject;
  try {
    publicKey = publicKeyFromRaw(key.raw);
  } catch (err) {
    return fail(`公钥无效 · invalid public key: ${(err as Error).message}`);
  }
  const rawKeyId = createHash('sha256').update(Buffer.from(key.raw, 'base64')).digest('hex');
  if (key.keyId !== rawKeyId || cp.keyId !== rawKeyId) problems.push('密钥标识不符 · key id does not match the public key');
  if (options.expectedKeyId !== undefined && options.expectedKeyId.toLowerCase() !== rawKeyId) {
    problems.push(`公钥不是预期的密钥 · the package was signed by key ${rawKeyId}, not the expected ${options.expectedKeyId}`);
  }
  if (!verifyCheckpointSignature(cp, publicKey)) problems.push('检查点签名无效 · the checkpoint signature does not verify');
  const root = Buffer.from(cp.rootHash, 'hex');
  let eventsVerified = 0;
  for (const [i, pe] of pkg.events.entries()) {
    const where = `events[${i}] (position ${String(pe?.position)})`;
    try {
      const e = pe.event;
      if (pkg.subject !== undefined && !isOfSubject(e.streamId, pkg.subject)) problems.push(`${where}: 不属于该主体 · stream ${e.streamId} is not subject ${pkg.subject}`);
      const asStored = { ...e, revision: BigInt(e.revision) };
      // The event's canonical leaf text, made once: compared with the package's leaf document, then hashed.
      const leafText = canonicalJson(leafDocument(asStored));
      if (canonicalJson(pe.leaf) !== leafText) {
        problems.push(`${where}: 叶文档与事件不符 · the leaf document does not match the event`);
        continue;
      }
      const recomputed = hashLeafText(leafText);
      if (recomputed.toString('hex') !== pe.leafHash) {
        problems.push(`${where}: 事件内容与叶哈希不符 · the event does not hash to its leaf hash`);
        continue;
      }
      const reason = checkInclusion(pe.leafIndex, cp.treeSize, recomputed, pe.inclusionProof.map((h) => Buffer.from(h, 'hex')), root);
      if (reason !== undefined) {
        problems.push(`${where}: 包含证明无效 · inclusion proof fails: ${reason}`);
        continue;
      }
      eventsVerified++;
    } catch (err) {
      problems.push(`${where}: 格式错误 · malformed: ${(err as Error).message}`);
    }
  }
  return { ok: problems.length === 0, eventsVerified, problems };
}

/** `school-4301…` is subject `school-4301…` and `school:4301…`. */
export function isOfSubject(streamId: string, subject: string): boolean {
  return streamId === subject || streamId === subject.replace(':', '-');
}
