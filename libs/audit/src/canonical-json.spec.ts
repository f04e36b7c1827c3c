import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalStringify } from './canonical-json';
import { canonicalJson, eventLeafHash, leafBytes } from './leaf';
import { hashLeaf, hashLeafText } from './merkle/hash';

/** Any string, lone surrogates and control characters included (UTF-16 code units). */
const anyString = fc.string({ unit: 'binary', maxLength: 12 });
const anyKey = fc.oneof(anyString, fc.constantFrom('a', 'b', 'B', '\u00e9', '\uffff', '\u{1f600}', '10', '9', '__proto__x', ''));
/** JSON values with awkward numbers (−0, 1e21, 5e−324, 2^53 + 2) and keys in any order. */
const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.constantFrom(-0, 1e21, 1e-7, 5e-324, 2 ** 53 + 2, 0.1 + 0.2),
    anyString,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(anyKey, tie('value'), { maxKeys: 6 }),
  ),
})).value;

describe('canonicalStringify (RFC 8785 via safe-stable-stringify, ADR 0134)', () => {
  it('writes the same bytes as the canonicalize package for every JSON value', () => {
    fc.assert(
      fc.property(anyJson, (value) => {
        expect(canonicalStringify(value)).toBe(canonicalize(value));
      }),
      { numRuns: 3000 },
    );
  });

  it('writes the same bytes for JSON text parsed back (the request body and stored data are parsed JSON)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed: unknown = JSON.parse(JSON.stringify(value));
        expect(canonicalStringify(parsed)).toBe(canonicalize(parsed));
      }),
      { numRuns: 1000 },
    );
  });

  it('sorts keys by UTF-16 code units, drops undefined members and writes undefined array items as null', () => {
    expect(canonicalStringify({ b: 1, a: [undefined, 2], '\u{1f600}': 0, '\uffff': 0, c: undefined })).toBe(
      '{"a":[null,2],"b":1,"\u{1f600}":0,"\uffff":0}',
    );
    expect(canonicalStringify(undefined)).toBeUndefined();
  });

  it('refuses what JSON cannot hold: NaN, Infinity, bigints and cycles', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const bad of [NaN, Infinity, { n: -Infinity }, 1n, cycle]) expect(() => canonicalStringify(bad)).toThrow();
  });

  it('canonicalJson still writes bigints as decimal strings, wherever they are', () => {
    expect(canonicalJson({ z: [1n, { y: -2n }], a: 'x' })).toBe('{"a":"x","z":["1",{"y":"-2"}]}');
  });
});

describe('hashLeafText (one-shot leaf hash of a text, ADR 0134)', () => {
  it('is hashLeaf of the text\'s UTF-8 bytes, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (text) => {
        expect(hashLeafText(text).equals(hashLeaf(Buffer.from(text, 'utf8')))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives an event the same leaf hash as hashing its leaf bytes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), fc.string({ unit: 'grapheme', maxLength: 8 }), (data, metadata, type) => {
        const e = { eventId: 'e-1', streamId: 'school-1', revision: 7n, type, data: data as never, metadata: metadata as never };
        expect(eventLeafHash(e).equals(hashLeaf(leafBytes(e)))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
