/**
 * RFC 8785 (JCS) canonical JSON of a JSON value: object keys sorted by UTF-16 code units, no
 * whitespace, strings and numbers written as ECMAScript's JSON.stringify writes them.
 *
 * Written by `safe-stable-stringify` (pino's own serializer, already in the tree) configured
 * `deterministic` (keys sorted with the default UTF-16 order; an in-place insertion sort for the
 * small objects we hash) and `strict` (NaN, ±Infinity, bigints, functions, symbols and cycles throw
 * instead of being written). For every JSON value it writes the same bytes as the `canonicalize`
 * package that the request hash and the audit leaf used before (ADR 0134, property-tested against it
 * in canonical-json.spec.ts), at about half the CPU and without the per-object sorted key copy.
 */
// Configured once, in the plain-JS leaf module that verify's threads also run (ADR 0184).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { canonicalStringify: stringify } = require('./leaf-hash.worker.js') as {
  canonicalStringify: (value: unknown) => string | undefined;
};

/** The canonical JSON text of a JSON value; undefined for undefined (as JSON.stringify). Throws on non-JSON values. */
export function canonicalStringify(value: unknown): string | undefined {
  return stringify(value);
}
