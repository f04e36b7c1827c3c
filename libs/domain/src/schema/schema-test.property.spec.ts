import fc from 'fast-check';
import { isIsoDay, isIsoInstant } from '../shared/calendar';
import { EVENT_DATA_SCHEMAS, LEDGER_EVENT_TYPES, eventMetadataSchema } from './event-schemas';
import { MalformedEventError, parseRecordedEvent, type StoredEventLike } from './parse-recorded-event';
import { VALID_EVENTS } from './testing/valid-events';
import { isLowerHex64, isoDay, isoInstant, type Issue, type Schema } from './validators';

/**
 * ADR 0105: every schema's `test` (the boolean fast path `validate` and `parseRecordedEvent` run
 * first) must accept exactly what its `check` (the issue-collecting validator) accepts, and a
 * malformed event must still fail with the same issues (paths and messages).
 */

const issuesOf = (s: Schema<unknown>, v: unknown, path: string): Issue[] => {
  const issues: Issue[] = [];
  s.check(v, path, issues);
  return issues;
};

/** Values a mutation writes somewhere: wrong kinds, edge cases of every format, and real values. */
const leaves: unknown[] = [];
const collect = (v: unknown): void => {
  if (Array.isArray(v)) v.forEach(collect);
  else if (typeof v === 'object' && v !== null) Object.values(v).forEach(collect);
  else leaves.push(v);
};
VALID_EVENTS.forEach((e) => collect([e.data, e.metadata]));
const POOL: unknown[] = [
  ...new Set(leaves),
  null,
  '',
  ' ',
  'x'.repeat(101),
  'x'.repeat(201),
  'x'.repeat(501),
  'x'.repeat(2001),
  '2024-02-30',
  '2024-02-29',
  '2023-02-29',
  '1900-02-29',
  '2000-02-29',
  '2024-13-01',
  '2024-00-10',
  '2024-1-01',
  '2021-03-01T08:00:00.000Z',
  '2021-03-01T08:00:00Z',
  '2021-03-01T24:00:00Z',
  '2021-03-01T08:60:00Z',
  '2021-03-01T08:00:00.Z',
  '2021-03-01T08:00:00.123456789Z',
  '2021-03-01T08:00:00.1234567890Z',
  '2021-03-01T08:00:00+08:00',
  '4301030001',
  '430103001',
  '430103',
  'city',
  'ab'.repeat(32),
  'AB'.repeat(32),
  'a b',
  '-id',
  0,
  -1,
  1.5,
  100,
  101,
  1989,
  2**53,
  1e300,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  [],
  ['SENIOR'],
  ['SENIOR', 'SENIOR'],
  ['LOGO', 'NAME'],
  ['4301030001', '4301030001'],
  [{ kind: 'CITY_BUREAU' }],
  {},
  { kind: 'OTHER' },
  { kind: 'OTHER', name: 'x' },
  { kind: 'DISTRICT_BUREAU' },
  { kind: 'CITY_BUREAU' },
  { kind: 'CITY_BUREAU', extra: 1 },
  { schoolId: '4301030001' },
  { authority: { kind: 'CITY_BUREAU' } },
  { kind: 'CHARTER', sha256: 'ab'.repeat(32) },
];

/** Every place in a value: [parent, key] pairs (objects and arrays, nested). */
function places(root: Record<string, unknown>): Array<[Record<string, unknown> | unknown[], string | number]> {
  const out: Array<[Record<string, unknown> | unknown[], string | number]> = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v))
      v.forEach((x, i) => {
        out.push([v, i]);
        walk(x);
      });
    else if (typeof v === 'object' && v !== null)
      for (const [k, x] of Object.entries(v)) {
        out.push([v as Record<string, unknown>, k]);
        walk(x);
      }
  };
  walk(root);
  return out;
}

const mutation = fc.record({
  at: fc.nat(),
  op: fc.oneof(
    fc.record({ set: fc.nat({ max: POOL.length - 1 }) }),
    fc.constant({ remove: true as const }),
    fc.record({ add: fc.constantFrom('zzz', 'constructor', 'toString', 'kind', 'name', 'until') }),
    fc.record({ string: fc.string({ maxLength: 12 }) }),
  ),
});

/** A stored event from a valid sample with 0–3 mutations anywhere in its data or metadata. */
const storedEvents = fc
  .record({
    sample: fc.nat({ max: VALID_EVENTS.length - 1 }),
    type: fc.option(fc.constantFrom(...LEDGER_EVENT_TYPES), { freq: 10 }),
    mutations: fc.array(mutation, { maxLength: 3 }),
  })
  .map(({ sample, type, mutations }) => {
    const base = VALID_EVENTS[sample];
    const root = structuredClone({ data: base.data, metadata: base.metadata }) as Record<string, unknown>;
    for (const { at, op } of mutations) {
      const all = places(root);
      if (all.length === 0) break;
      const [parent, key] = all[at % all.length];
      const target = parent as Record<string | number, unknown>;
      if ('set' in op) target[key] = structuredClone(POOL[op.set]);
      else if ('string' in op) target[key] = op.string;
      else if ('remove' in op) {
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete target[key];
      } else {
        const obj = target[key];
        if (typeof obj === 'object' && obj !== null && !Array.isArray(obj)) (obj as Record<string, unknown>)[op.add] = 'x';
        else target[key] = { [op.add]: obj };
      }
    }
    const stored: StoredEventLike = {
      eventId: 'e-1',
      streamId: 's-1',
      revision: 0n,
      position: 7n,
      type: type ?? base.type,
      data: root.data,
      metadata: root.metadata,
    };
    return stored;
  });

describe('schema `test` (the fast path) agrees with `check` (ADR 0105)', () => {
  it('every valid sample passes both', () => {
    for (const e of VALID_EVENTS) {
      const schema = EVENT_DATA_SCHEMAS[e.type as keyof typeof EVENT_DATA_SCHEMAS] as Schema<unknown>;
      expect(issuesOf(schema, e.data, 'data')).toEqual([]);
      expect(schema.test(e.data)).toBe(true);
      expect(eventMetadataSchema.test(e.metadata)).toBe(true);
    }
  });

  it('on mutated events, for the data schema of every type and for the metadata', () => {
    fc.assert(
      fc.property(storedEvents, (stored) => {
        expect(eventMetadataSchema.test(stored.metadata)).toBe(issuesOf(eventMetadataSchema, stored.metadata, 'metadata').length === 0);
        for (const type of LEDGER_EVENT_TYPES) {
          const schema = EVENT_DATA_SCHEMAS[type] as Schema<unknown>;
          expect(schema.test(stored.data)).toBe(issuesOf(schema, stored.data, 'data').length === 0);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('parseRecordedEvent accepts what the full validators accept and otherwise names the same issues', () => {
    fc.assert(
      fc.property(storedEvents, (stored) => {
        const metaIssues = issuesOf(eventMetadataSchema, stored.metadata, 'metadata');
        const dataSchema = EVENT_DATA_SCHEMAS[stored.type as keyof typeof EVENT_DATA_SCHEMAS] as Schema<unknown>;
        const version = (stored.metadata as { schemaVersion?: number } | undefined)?.schemaVersion ?? 1;
        const expected =
          metaIssues.length > 0
            ? metaIssues
            : version > 1 // every type is at version 1
              ? [{ path: 'metadata.schemaVersion', message: `${version} is newer than this build knows (1)` }]
              : issuesOf(dataSchema, stored.data, 'data');
        let thrown: unknown;
        try {
          const event = parseRecordedEvent(stored);
          expect(event.data).toBe(stored.data);
          expect(event.type).toBe(stored.type);
        } catch (err) {
          thrown = err;
        }
        if (expected.length === 0) expect(thrown).toBeUndefined();
        else {
          expect(thrown).toBeInstanceOf(MalformedEventError);
          expect((thrown as MalformedEventError).issues).toEqual(expected);
          expect((thrown as MalformedEventError).position).toBe(7n);
        }
      }),
      { numRuns: 3000 },
    );
  });

  const dayLike = fc
    .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
    .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  const noisy = (base: fc.Arbitrary<string>) =>
    fc.oneof(
      base,
      fc.tuple(base, fc.nat(), fc.constantFrom(...'0123456789-:TZz.+ x\n٣')).map(([s, i, c]) => s.slice(0, i % (s.length + 1)) + c + s.slice((i % (s.length + 1)) + 1)),
      fc.tuple(base, fc.nat()).map(([s, i]) => s.slice(0, i % (s.length + 1)) + s.slice((i % (s.length + 1)) + 1)),
      fc.string({ unit: fc.constantFrom(...'0123456789-:TZ.'), maxLength: 32 }),
    );

  it('sha256: the character-code check equals /^[0-9a-f]{64}$/', () => {
    const hexLike = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 63, maxLength: 65 }),
      fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFgz/:`@G'), minLength: 60, maxLength: 66 }),
    );
    fc.assert(fc.property(noisy(hexLike), (v) => expect(isLowerHex64(v)).toBe(/^[0-9a-f]{64}$/.test(v))), { numRuns: 20000 });
    expect(isLowerHex64('ab'.repeat(32))).toBe(true);
    expect(isLowerHex64(`${'ab'.repeat(32)}\n`)).toBe(false);
  });

  it('isoDay: the character-code check equals isIsoDay', () => {
    const s = isoDay();
    fc.assert(fc.property(noisy(dayLike), (v) => expect(s.test(v)).toBe(isIsoDay(v))), { numRuns: 20000 });
    for (const v of [undefined, null, 20240101, ['2024-01-01'], '2024-02-29\n']) expect(s.test(v)).toBe(isIsoDay(v));
  });

  it('isoInstant: the character-code check equals isIsoInstant', () => {
    const s = isoInstant();
    const instantLike = fc
      .tuple(dayLike, fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.option(fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 11 })))
      .map(([d, h, m, sec, frac]) => `${d}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}${frac === null ? '' : `.${frac}`}Z`);
    fc.assert(fc.property(noisy(instantLike), (v) => expect(s.test(v)).toBe(isIsoInstant(v))), { numRuns: 20000 });
    for (const v of [undefined, null, 1, '2021-03-01T08:00:00.000Z\n']) expect(s.test(v)).toBe(isIsoInstant(v));
  });
});
