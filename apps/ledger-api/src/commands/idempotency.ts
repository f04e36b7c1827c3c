import { createHash, hash } from 'node:crypto';
import { canonicalStringify } from '@ledger/audit';
import { plainJson } from './command-data';

/** Namespace of the ledger's name-based event ids (a fixed, random UUID). */
const LEDGER_NAMESPACE = Buffer.from('6f0c4a52c3a14d5e9b7e2f8d1a3c5b70', 'hex');

/**
 * A UUIDv5 (RFC 9562 §5.5: SHA-1 of namespace + name, version and variant bits set) of
 * (actor id, Idempotency-Key, purpose). The same retry always yields the same ids, so the store's
 * idempotent append guarantees no double write, even when the first attempt's answer was lost.
 */
export function nameBasedUuid(actorId: string, idempotencyKey: string, purpose: string): string {
  const hash = createHash('sha1')
    .update(LEDGER_NAMESPACE)
    .update(JSON.stringify([actorId, idempotencyKey, purpose]), 'utf8')
    .digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The id of the i-th event a keyed command writes. */
export const idempotentEventId = (actorId: string, key: string, index: number) =>
  nameBasedUuid(actorId, key, `event:${index}`);

/** The id generated for a new group or cooperation by a keyed creating command. */
export const idempotentSubjectId = (actorId: string, key: string) => nameBasedUuid(actorId, key, 'subject');

/** SHA-256 of the canonical JSON (RFC 8785) of the route and the body: what a retry must repeat. */
export function requestHash(route: string, params: Record<string, string>, body: unknown): string {
  return requestHashOfPlain(route, params, plainJson(body));
}

/**
 * `requestHash` of a body already made plain JSON (`plainJson(body)`, e.g. the command data's copy,
 * ADR 0124): the same hash without a second copy.
 */
export function requestHashOfPlain(route: string, params: Record<string, string>, plain: unknown): string {
  const text = canonicalStringify({ route, params, body: plain }) ?? '';
  // One-shot digest (Node ≥ 20.12; engines ≥ 20.19): the same hex as createHash().update().digest()
  // without building a Hash object per command.
  return hash('sha256', text, 'hex');
}

/** `Idempotency-Key`: 1–200 visible ASCII characters. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** `If-Match: 3`, `"3"` or `W/"3"` → 3n; undefined when absent; null when malformed. */
export function parseIfMatch(header: string | undefined): bigint | undefined | null {
  if (header === undefined || header === '') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,19})"?\s*$/.exec(header);
  return m ? BigInt(m[1]) : null;
}
