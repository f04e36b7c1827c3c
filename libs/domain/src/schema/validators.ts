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
  /** Phantom: the accepted type (never set). */
  readonly __type?: T;
  /** Set by `optional()`. */
  readonly optional?: boolean;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

const schema = <T>(check: Schema<T>['check']): Schema<T> => ({ check });

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
}

export function string(options: StringOptions = {}): Schema<string> {
  const { min = 1, max = 500, pattern, what } = options;
  return schema((v, path, issues) => {
    if (typeof v !== 'string') return void issues.push({ path, message: `expected ${what ?? 'a string'}, got ${describe(v)}` });
    if (v.length < min) return void issues.push({ path, message: min === 1 ? 'must not be empty' : `must have at least ${min} characters` });
    if (v.length > max) return void issues.push({ path, message: `must have at most ${max} characters` });
    if (pattern && !pattern.test(v)) issues.push({ path, message: `expected ${what ?? `a string matching ${pattern}`}, got ${describe(v)}` });
  });
}

export function literal<const T extends string>(values: readonly T[]): Schema<T> {
  return schema((v, path, issues) => {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      issues.push({ path, message: `expected one of ${values.join(', ')}, got ${describe(v)}` });
    }
  });
}

export function boolean(): Schema<boolean> {
  return schema((v, path, issues) => {
    if (typeof v !== 'boolean') issues.push({ path, message: `expected a boolean, got ${describe(v)}` });
  });
}

export function integer(options: { min?: number; max?: number } = {}): Schema<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
  return schema((v, path, issues) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) return void issues.push({ path, message: `expected an integer, got ${describe(v)}` });
    if (v < min || v > max) issues.push({ path, message: `must be between ${min} and ${max}, got ${v}` });
  });
}

export function array<T>(item: Schema<T>, options: { min?: number; max?: number; unique?: boolean } = {}): Schema<T[]> {
  const { min = 0, max = 1000, unique = false } = options;
  return schema((v, path, issues) => {
    if (!Array.isArray(v)) return void issues.push({ path, message: `expected an array, got ${describe(v)}` });
    if (v.length < min) issues.push({ path, message: min === 1 ? 'must not be empty' : `must have at least ${min} items` });
    if (v.length > max) issues.push({ path, message: `must have at most ${max} items` });
    v.forEach((x, i) => item.check(x, `${path}[${i}]`, issues));
    if (unique && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) issues.push({ path, message: 'must not repeat an item' });
  });
}

export function optional<T>(inner: Schema<T>): Schema<T | undefined> {
  return {
    optional: true,
    check: (v, path, issues) => {
      if (v !== undefined) inner.check(v, path, issues);
    },
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
  });
}

/** The first alternative whose discriminating key is present is checked. */
export function oneOfShapes<A, B>(keyA: string, a: Schema<A>, keyB: string, b: Schema<B>): Schema<A | B> {
  return schema((v, path, issues) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      if (keyA in v) return a.check(v, path, issues);
      if (keyB in v) return b.check(v, path, issues);
    }
    issues.push({ path, message: `expected an object with "${keyA}" or "${keyB}", got ${describe(v)}` });
  });
}

// ---- the ledger's formats ----

/** 学校标识码: 10 digits. */
export const schoolId = () => string({ pattern: /^\d{10}$/, what: 'a 10-digit school id (学校标识码)' });
/** 行政区划代码: 6 digits. */
export const districtCode = () => string({ pattern: /^\d{6}$/, what: 'a 6-digit district code (行政区划代码)' });
export const sha256Hex = () => string({ pattern: /^[0-9a-f]{64}$/, what: 'a lower-case hex SHA-256 (64 characters)' });
/** Ids the API generates (UUIDs) or the recorder chooses: letters, digits, `-`, `_`, `.`, `:`. */
export const identifier = () => string({ max: 100, pattern: /^[A-Za-z0-9][A-Za-z0-9._:-]*$/, what: 'an identifier (letters, digits, . _ : -)' });
export const text = (max = 500) => string({ max });

export function isoDay(): Schema<string> {
  return schema((v, path, issues) => {
    if (!isIsoDay(v)) issues.push({ path, message: `expected an ISO day that exists (YYYY-MM-DD), got ${describe(v)}` });
  });
}

export function isoInstant(): Schema<string> {
  return schema((v, path, issues) => {
    if (!isIsoInstant(v)) issues.push({ path, message: `expected an ISO instant in UTC (YYYY-MM-DDTHH:mm:ss.sssZ), got ${describe(v)}` });
  });
}

export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly Issue[] };

export function validate<T>(s: Schema<T>, value: unknown, path = ''): ParseResult<T> {
  const issues: Issue[] = [];
  s.check(value, path, issues);
  return issues.length === 0 ? { ok: true, value: value as T } : { ok: false, issues };
}

export function number(options: { min?: number; max?: number } = {}): Schema<number> {
  const { min = -Number.MAX_VALUE, max = Number.MAX_VALUE } = options;
  return schema((v, path, issues) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return void issues.push({ path, message: `expected a number, got ${describe(v)}` });
    if (v < min || v > max) issues.push({ path, message: `must be between ${min} and ${max}, got ${v}` });
  });
}
