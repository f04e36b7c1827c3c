/**
 * What the Merkle tree commits to for each event of the global log: the RFC 8785 canonical JSON
 * (`canonicalStringify`, ADR 0134) of `{ eventId, streamId, revision, type, data, metadata, recordedAt }`,
 * UTF-8 encoded; the leaf hash is SHA-256(0x00 || those bytes). Bigints (revision, and any in the
 * data) become decimal strings, as everywhere in the ledger's JSON. `recordedAt` is lifted out of
 * the metadata (transaction time) so a verifier sees it without knowing the metadata's shape.
 */
import type { Json, StoredEvent } from '@ledger/event-store';
import { canonicalStringify } from './canonical-json';
import { hashLeafText } from './merkle/hash';

export type LeafEvent = Pick<StoredEvent, 'eventId' | 'streamId' | 'revision' | 'type' | 'data' | 'metadata'>;

export interface LeafDocument {
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: string;
  readonly type: string;
  readonly data: Json;
  readonly metadata: Json;
  readonly recordedAt: string | null;
}

function bigintsToStrings(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(bigintsToStrings);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, bigintsToStrings(v)]));
  }
  return value;
}

// The leaf document is defined once, in plain JS, for verify's threads as well (ADR 0184).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const core = require('./leaf-hash.worker.js') as {
  recordedAtOf(metadata: Json): string | null;
  leafDocument(event: LeafEvent): LeafDocument;
};

/** The metadata's `recordedAt` (transaction time), or null when it has none. */
export function recordedAtOf(metadata: Json): string | null {
  return core.recordedAtOf(metadata);
}

/** What the tree commits to for one event: revision as a decimal string, recordedAt lifted out. */
export function leafDocument(event: LeafEvent): LeafDocument {
  return core.leafDocument(event);
}

/**
 * The canonical JSON text of a value (RFC 8785), bigints as decimal strings. Store data is plain
 * JSON, so the copy that turns bigints into strings is only made when one is actually met (the
 * strict serializer throws on a bigint): half the cost per leaf.
 */
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = canonicalStringify(value);
  } catch (err) {
    // safe-stable-stringify's strict failure names the type it met: "… Received type bigint (…)".
    if (!(err instanceof Error && /received type bigint/i.test(err.message))) throw err;
    text = canonicalStringify(bigintsToStrings(value));
  }
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}

export function leafBytes(event: LeafEvent): Buffer {
  return Buffer.from(canonicalJson(leafDocument(event)), 'utf8');
}

export function eventLeafHash(event: LeafEvent): Buffer {
  return hashLeafText(canonicalJson(leafDocument(event)));
}
