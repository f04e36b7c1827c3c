/**
 * What the browser checks by itself on the audit page (ADR 0064), beside the inclusion proof:
 * - the leaf: SHA-256(0x00 || RFC 8785 canonical JSON of { eventId, streamId, revision, type,
 *   data, metadata, recordedAt }) of the event the API returned equals the proof's leaf hash
 *   (libs/audit/src/leaf.ts defines the leaf);
 * - the checkpoint: its Ed25519 signature over canonical { treeSize, rootHash, timestamp }
 *   verifies with the published public key, whose SHA-256 is the checkpoint's keyId.
 */
import canonicalize from 'canonicalize';
import { bytesToHex, hashLeaf } from './merkle';

const enc = new TextEncoder();

function canonicalBytes(value: unknown): Uint8Array<ArrayBuffer> {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value has no JSON form');
  return enc.encode(text);
}

export interface LeafEvent {
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: string | number;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

export async function eventLeafHash(subtle: SubtleCrypto, e: LeafEvent): Promise<string> {
  const meta = e.metadata as { recordedAt?: unknown } | null;
  const recordedAt =
    meta && typeof meta === 'object' && typeof meta.recordedAt === 'string' ? meta.recordedAt : null;
  const doc = {
    eventId: e.eventId,
    streamId: e.streamId,
    revision: String(e.revision),
    type: e.type,
    data: e.data,
    metadata: e.metadata,
    recordedAt,
  };
  return bytesToHex(await hashLeaf(subtle, canonicalBytes(doc)));
}

function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

export type SignatureCheck = 'valid' | 'invalid' | 'key-mismatch' | 'unsupported';

export async function verifyCheckpointSignature(
  subtle: SubtleCrypto,
  checkpoint: { treeSize: unknown; rootHash: unknown; timestamp: unknown; signature: string; keyId?: string },
  publicKeyRawBase64: string,
): Promise<SignatureCheck> {
  const raw = base64ToBytes(publicKeyRawBase64);
  if (checkpoint.keyId) {
    const keyId = bytesToHex(new Uint8Array(await subtle.digest('SHA-256', raw)));
    if (keyId !== checkpoint.keyId.toLowerCase()) return 'key-mismatch';
  }
  let key: CryptoKey;
  try {
    key = await subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
  } catch {
    return 'unsupported';
  }
  const message = canonicalBytes({
    treeSize: checkpoint.treeSize,
    rootHash: checkpoint.rootHash,
    timestamp: checkpoint.timestamp,
  });
  const ok = await subtle.verify({ name: 'Ed25519' }, key, base64ToBytes(checkpoint.signature), message);
  return ok ? 'valid' : 'invalid';
}
