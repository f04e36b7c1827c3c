import { isIsoDay, isIsoInstant } from '../shared/calendar';

/**
 * A small set of pure, typed validators (ADR 0010). Each schema infers the TypeScript type it
 * accepts, so `const s: Schema<SchoolRegistered['data']> = object({...})` fails to compile when
 * a schema drifts from its event type. No I/O, no clock, no dependencies.
 */

export interface Issue {
  /** Dotted path from the checked value, e.g. `data.scores.socialRecognition`. */
  readonly path: string;
  readonly message: string;
}

export interface Schema<T> {
  /** Pushes one issue per problem found under `path`. */
  check(value: unknown, path: string, issues: Issue[]): void;
  /**
   * True exactly when `check` would push no issue: the same rules as one boolean predicate with no
   * path strings and no issue objects (ADR 0105). `validate` runs it first and runs `check` only for
   * a value it refuses, so a malformed value gets the same issues as before. Every combinator below
   * defines both; `schema-test.property.spec.ts` holds them equal on valid and mutated events.
   */
  test(value: unknown): boolean;
  /** Phantom: the accepted type (never set). */
  readonly __type?: T;
  /** Set by `optional()`. */
  readonly optional?: boolean;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

const schema = <T>(check: Schema<T>['check'], test: Schema<T>['test']): Schema<T> => ({ check, test });

const describe = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return value.length > 40 ? `string "${value.slice(0, 40)}…"` : `string "${value}"`;
  return typeof value === 'object' ? 'object' : `${typeof value} ${String(value)}`;
};

export interface StringOptions {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
  /** Said in the message when the pattern fails, e.g. "a 10-digit school id". */
  readonly what?: string;
  /** The pattern as a predicate without the regex engine (`test` uses it; it must agree with `pattern`). */
  readonly matches?: (v: string) => boolean;
}

export function string(options: StringOptions = {}): Schema<string> {
  const { min = 1, max = 500, pattern, what, matches } = options;
  const fits = matches ?? (pattern ? (v: string) => pattern.test(v) : undefined);
  return schema((v, path, issues) => {
    if (typeof v !== 'string') return void issues.push({ path, message: `expected ${what ?? 'a string'}, got ${describe(v)}` });
    if (v.length < min) return void issues.push({ path, message: min === 1 ? 'must not be empty' : `must have at least ${min} characters` });
    if (v.length > max) return void issues.push({ path, message: `must have at most ${max} characters` });
    if (pattern && !pattern.test(v)) issues.push({ path, message: `expected ${what ?? `a string matching ${pattern}`}, got ${describe(v)}` });
  }, fits
    ? (v) => typeof v === 'string' && v.length >= min && v.length <= max && fits(v)
    : (v) => typeof v === 'string' && v.length >= min && v.length <= max);
}

export function literal<const T extends string>(values: readonly T[]): Schema<T> {
  const known = new Set<string>(values);
  return schema((v, path, issues) => {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      issues.push({ path, message: `expected one of ${values.join(', ')}, got ${describe(v)}` });
    }
  }, (v) => typeof v === 'string' && known.has(v));
}

export function boolean(): Schema<boolean> {
  return schema((v, path, issues) => {
    if (typeof v !== 'boolean') issues.push({ path, message: `expected a boolean, got ${describe(v)}` });
  }, (v) => typeof v === 'boolean');
}

export function integer(options: { min?: number; max?: number } = {}): Schema<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
  return schema((v, path, issues) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) return void issues.push({ path, message: `expected an integer, got ${describe(v)}` });
    if (v < min || v > max) issues.push({ path, message: `must be between ${min} and ${max}, got ${v}` });
  }, (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max);
}

/** `new Set(v.map((x) => JSON.stringify(x))).size === v.length`, without the JSON for strings. */
function allDistinct(v: readonly unknown[]): boolean {
  const n = v.length;
  let strings = true;
  for (let i = 0; i < n; i++) if (typeof v[i] !== 'string') strings = false;
  // Two strings have the same JSON text exactly when they are equal.
  if (!strings) return new Set(v.map((x) => JSON.stringify(x))).size === n;
  if (n > 16) return new Set(v).size === n;
  for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) if (v[i] === v[j]) return false;
  return true;
}

export function array<T>(item: Schema<T>, options: { min?: number; max?: number; unique?: boolean } = {}): Schema<T[]> {
  const { min = 0, max = 1000, unique = false } = options;
  return schema((v, path, issues) => {
    if (!Array.isArray(v)) return void issues.push({ path, message: `expected an array, got ${describe(v)}` });
    if (v.length < min) issues.push({ path, message: min === 1 ? 'must not be empty' : `must have at least ${min} items` });
    if (v.length > max) issues.push({ path, message: `must have at most ${max} items` });
    v.forEach((x, i) => item.check(x, `${path}[${i}]`, issues));
    if (unique && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) issues.push({ path, message: 'must not repeat an item' });
  }, (v) => {
    if (!Array.isArray(v) || v.length < min || v.length > max) return false;
    for (let i = 0; i < v.length; i++) if (!item.test(v[i])) return false;
    return !unique || allDistinct(v);
  });
}

export function optional<T>(inner: Schema<T>): Schema<T | undefined> {
  return {
    optional: true,
    check: (v, path, issues) => {
      if (v !== undefined) inner.check(v, path, issues);
    },
    test: (v) => v === undefined || inner.test(v),
  };
}

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends Schema<infer T> ? (undefined extends T ? K : never) : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
export type ObjectOf<S extends Shape> = { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> };

/**
 * A plain object with exactly these keys (unknown keys are issues, so a renamed field in a
 * stored event is reported, not ignored), unless `passthrough` lets extra keys by.
 */
export function object<S extends Shape>(
  shape: S,
  options: { passthrough?: boolean; refine?: (value: ObjectOf<S>, path: string, issues: Issue[]) => void } = {},
): Schema<ObjectOf<S>> {
  return schema((v, path, issues) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return void issues.push({ path, message: `expected an object, got ${describe(v)}` });
    const record = v as Record<string, unknown>;
    const before = issues.length;
    for (const [key, field] of Object.entries(shape)) {
      const p = path ? `${path}.${key}` : key;
      if (!(key in record) || record[key] === undefined) {
        if (!field.optional) issues.push({ path: p, message: 'is required' });
        continue;
      }
      field.check(record[key], p, issues);
    }
    if (!options.passthrough) {
      for (const key of Object.keys(record)) {
        if (!(key in shape)) issues.push({ path: path ? `${path}.${key}` : key, message: 'is not a known field' });
      }
    }
    if (options.refine && issues.length === before) options.refine(record as ObjectOf<S>, path, issues);
  }, compileObjectTest(shape, options));
}

/**
 * `object`'s `test`: the shape's entries hoisted once (the check walks `Object.entries(shape)` and
 * builds a path per field). Same conditions in the same terms (`in`, `=== undefined`). `refine`
 * must decide independently of the path it is given (it only names paths in its issues).
 */
function compileObjectTest<S extends Shape>(
  shape: S,
  options: { passthrough?: boolean; refine?: (value: ObjectOf<S>, path: string, issues: Issue[]) => void },
): (v: unknown) => boolean {
  const keys = Object.keys(shape);
  const fields = keys.map((k) => shape[k]);
  const n = keys.length;
  const { passthrough = false, refine } = options;
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    const record = v as Record<string, unknown>;
    for (let i = 0; i < n; i++) {
      // `!(key in record) || record[key] === undefined` is `record[key] === undefined`.
      const x = record[keys[i]];
      if (x === undefined) {
        if (!fields[i].optional) return false;
      } else if (!fields[i].test(x)) return false;
    }
    if (!passthrough) {
      // `for…in` also walks inherited enumerable keys (`Object.keys` does not): that can only refuse
      // more, and a refused value goes through `check`, so the outcome is the same; no key array.
      for (const k in record) if (!(k in shape)) return false;
    }
    if (refine) {
      const issues: Issue[] = [];
      refine(record as ObjectOf<S>, '', issues);
      return issues.length === 0;
    }
    return true;
  };
}

/** The first alternative whose discriminating key is present is checked. */
export function oneOfShapes<A, B>(keyA: string, a: Schema<A>, keyB: string, b: Schema<B>): Schema<A | B> {
  return schema((v, path, issues) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      if (keyA in v) return a.check(v, path, issues);
      if (keyB in v) return b.check(v, path, issues);
    }
    issues.push({ path, message: `expected an object with "${keyA}" or "${keyB}", got ${describe(v)}` });
  }, (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    if (keyA in v) return a.test(v);
    if (keyB in v) return b.test(v);
    return false;
  });
}

// ---- the ledger's formats ----

/** 学校标识码: 10 digits. */
export const schoolId = () => string({ pattern: /^\d{10}$/, what: 'a 10-digit school id (学校标识码)' });
/** 行政区划代码: 6 digits. */
export const districtCode = () => string({ pattern: /^\d{6}$/, what: 'a 6-digit district code (行政区划代码)' });
export const sha256Hex = () => string({ pattern: /^[0-9a-f]{64}$/, what: 'a lower-case hex SHA-256 (64 characters)', matches: isLowerHex64 });

/** `/^[0-9a-f]{64}$/` by character codes (every stored document carries one). */
export function isLowerHex64(v: string): boolean {
  if (v.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = v.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}
/** Ids the API generates (UUIDs) or the recorder chooses: letters, digits, `-`, `_`, `.`, `:`. */
export const identifier = () => string({ max: 100, pattern: /^[A-Za-z0-9][A-Za-z0-9._:-]*$/, what: 'an identifier (letters, digits, . _ : -)' });
export const text = (max = 500) => string({ max });

export function isoDay(): Schema<string> {
  return schema((v, path, issues) => {
    if (!isIsoDay(v)) issues.push({ path, message: `expected an ISO day that exists (YYYY-MM-DD), got ${describe(v)}` });
  }, (v) => typeof v === 'string' && isDayAt(v, 0) && v.length === 10);
}

export function isoInstant(): Schema<string> {
  return schema((v, path, issues) => {
    if (!isIsoInstant(v)) issues.push({ path, message: `expected an ISO instant in UTC (YYYY-MM-DDTHH:mm:ss.sssZ), got ${describe(v)}` });
  }, (v) => typeof v === 'string' && isInstant(v));
}

export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly Issue[] };

export function validate<T>(s: Schema<T>, value: unknown, path = ''): ParseResult<T> {
  if (s.test(value)) return { ok: true, value: value as T };
  const issues: Issue[] = [];
  s.check(value, path, issues);
  return issues.length === 0 ? { ok: true, value: value as T } : { ok: false, issues };
}

export function number(options: { min?: number; max?: number } = {}): Schema<number> {
  const { min = -Number.MAX_VALUE, max = Number.MAX_VALUE } = options;
  return schema((v, path, issues) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return void issues.push({ path, message: `expected a number, got ${describe(v)}` });
    if (v < min || v > max) issues.push({ path, message: `must be between ${min} and ${max}, got ${v}` });
  }, (v) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max);
}

// ---- calendar checks by character codes (the `test` side of isoDay / isoInstant) ----
// `isIsoDay` / `isIsoInstant` (shared/calendar.ts) match a regex and allocate its groups; these
// decide the same without allocating (the property spec compares them on random strings).

/** ASCII digit at `i` as a number, or -1 (`\d` without the `u` flag is [0-9]). */
function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function twoDigits(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `s` holds an existing `YYYY-MM-DD` at `at` (whatever follows). */
function isDayAt(s: string, at: number): boolean {
  if (s.length < at + 10 || s.charCodeAt(at + 4) !== 45 || s.charCodeAt(at + 7) !== 45) return false;
  const hi = twoDigits(s, at);
  const lo = twoDigits(s, at + 2);
  const month = twoDigits(s, at + 5);
  const day = twoDigits(s, at + 8);
  if (hi < 0 || lo < 0 || month < 1 || month > 12 || day < 1) return false;
  const year = hi * 100 + lo;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

/** `YYYY-MM-DDTHH:mm:ss(.d{1,9})?Z` of an existing day, hour ≤ 23, minute and second ≤ 59. */
function isInstant(s: string): boolean {
  const n = s.length;
  if (n < 20 || n > 30 || s.charCodeAt(n - 1) !== 90 /* Z */ || !isDayAt(s, 0)) return false;
  if (s.charCodeAt(10) !== 84 /* T */ || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false;
  const h = twoDigits(s, 11);
  const m = twoDigits(s, 14);
  const sec = twoDigits(s, 17);
  if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59) return false;
  if (n === 20) return true;
  // A fraction: `.` then 1–9 digits before the `Z`.
  if (s.charCodeAt(19) !== 46 || n < 22) return false;
  for (let i = 20; i < n - 1; i++) if (digit(s, i) < 0) return false;
  return true;
}
