import { isLowerHex64 } from '../schema/validators';
import type { DocumentKind } from '../shared/terms';

/** The documents a contract draft must carry (R03, §3.1), in the order R03 names them. */
export const CONTRACT_DRAFT_DOCUMENTS: readonly DocumentKind[] = [
  'OFFICIAL_LETTER',
  'CONTRACT_DRAFT',
  'SIGNING_BASIS',
  'APPROVAL_DOCUMENT',
  'EXPLANATION',
  'BACKGROUND',
];

/** Every bit of `draftDocumentsHeld` set: the draft is complete. */
export const ALL_DRAFT_DOCUMENTS = (1 << CONTRACT_DRAFT_DOCUMENTS.length) - 1;

const SHA256 = /^[0-9a-f]{64}$/;

/** `SHA256.test(value)`: the schema's character-code check for strings (the regex was a hot spot: six checks a draft). */
function isSha256(value: unknown): boolean {
  return typeof value === 'string' ? isLowerHex64(value) : SHA256.test(value as string);
}

/**
 * The kinds of CONTRACT_DRAFT_DOCUMENTS that some document with a valid SHA-256 provides, as a
 * bit mask (bit k: CONTRACT_DRAFT_DOCUMENTS[k]). Derived from the draft's documents only, so the
 * fold computes it once per ContractDraftSubmitted fact (`Fact.draftHeld`, ADR 0111) and an
 * evaluation reads it instead of checking every digest again.
 */
export function draftDocumentsHeld(documents: readonly { kind: string; sha256: string }[]): number {
  let held = 0;
  for (let i = 0; i < documents.length; i++) {
    const d = documents[i];
    const k = CONTRACT_DRAFT_DOCUMENTS.indexOf(d.kind as DocumentKind);
    if (k >= 0 && (held & (1 << k)) === 0 && isSha256(d.sha256)) held |= 1 << k;
  }
  return held;
}

const NONE_MISSING: readonly DocumentKind[] = Object.freeze([]);

/** The kinds of CONTRACT_DRAFT_DOCUMENTS (in that order) whose bit `held` lacks. */
export function missingFromHeld(held: number): readonly DocumentKind[] {
  if (held === ALL_DRAFT_DOCUMENTS) return NONE_MISSING;
  return CONTRACT_DRAFT_DOCUMENTS.filter((_, k) => (held & (1 << k)) === 0);
}
