/**
 * Chunked JSON snapshots: a state is written as a short header plus many small parts instead of
 * one JSON string (a million-event ledger view is ~400 MB of JSON and cannot be one string past
 * ~1.3M events). Each top-level field of the state is kept as follows:
 *  - a `Map` → its entries, in insertion order, `PART_ENTRIES` a part or fewer when their JSON
 *    reaches `PART_CHARS` characters;
 *  - a plain object whose values are all Maps (e.g. an index) → each Map as above (`a.b` paths);
 *  - any other plain object (e.g. a record per subject) → its entries, chunked the same way; the
 *    records it holds as values, if its field is named `nested`, as records of their own (`a.b`);
 *  - anything else → the header, as JSON.
 * `restoreParts(snapshotParts(s))` gives a state that folds on exactly like `s` (same Map and
 * key order, but for a `nested` field's, whose records come first). Only one part's text is alive
 * at a time while writing (parts are generated lazily).
 */

export const PART_ENTRIES = 1_000;
/**
 * A part also ends once its entries' JSON reaches this many characters (ADR 0183), so that cutting
 * one part takes about one slice of the event loop (~10 ms) whatever its entries hold: 1,000 of the
 * busiest cooperations of a million-event ledger were 17 M characters, ~130–180 ms in one call.
 * An entry is never split: one longer than this ends the part it joins.
 */
export const PART_CHARS = 256 * 1024;

interface Header {
  /** Top-level field names in the state's own order (restored in that order). */
  readonly order: readonly string[];
  readonly scalars: Record<string, unknown>;
  readonly maps: readonly string[];
  readonly records: readonly string[];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  !(v instanceof Map) &&
  (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/**
 * The field's parts: `JSON.stringify([path, entries])` of consecutive entries, each entry's JSON
 * made on its own and the part joined from them (the same text). Stringifying a whole part at once
 * kept its growing text alive through every scavenge of the ~1 GB heap, which copied it each time:
 * measured at a million events, the ledger view's cut spent 0.6–2.4 s in scavenges, single pauses up
 * to ~100–180 ms, against 0.3–0.5 s and ≤ 9 ms entry by entry (ADR 0183).
 */
function* chunks(path: string, entries: Iterable<[string, unknown]>): Generator<string> {
  const head = `[${JSON.stringify(path)},[`;
  let texts: string[] = [];
  let chars = 0;
  for (const e of entries) {
    const text = JSON.stringify(e);
    texts.push(text);
    chars += text.length;
    if (texts.length >= PART_ENTRIES || chars >= PART_CHARS) {
      yield `${head}${texts.join(',')}]]`;
      texts = [];
      chars = 0;
    }
  }
  if (texts.length > 0) yield `${head}${texts.join(',')}]]`;
}

/** What `snapshotParts` writes, taken from the state: the header's text and the fields cut into parts. */
interface Layout {
  readonly header: string;
  readonly maps: ReadonlyArray<readonly [string, Map<string, unknown>]>;
  /** Each record with the keys left to records of their own (`nested`), if any. */
  readonly records: ReadonlyArray<readonly [string, Record<string, unknown>, ReadonlySet<string>?]>;
}

/** How a state's plain objects are laid out (`snapshotParts`, `snapshotPartsFrom`). */
export interface LayoutOptions {
  /**
   * The state's plain objects are all records (none an object of Maps), so their values are not
   * looked at (listing a big record's values takes ~1 µs a key).
   */
  readonly knownRecords?: boolean;
  /**
   * Records whose values that are plain objects are records of their own, at `field.key` after the
   * field (ADR 0183: one such value, the city's urgent deadlines, was a single entry of 4 M
   * characters, cut in one ~100 ms call); the field's own part holds the rest. A restore sets them
   * back by path (`setPath`), as every build since ADR 0095 does.
   */
  readonly nested?: readonly string[];
}

function layoutOf(state: object, { knownRecords = false, nested = [] }: LayoutOptions = {}): Layout {
  const scalars: Record<string, unknown> = {};
  const maps: Array<[string, Map<string, unknown>]> = [];
  const records: Array<[string, Record<string, unknown>, ReadonlySet<string>?]> = [];
  for (const [k, v] of Object.entries(state)) {
    if (v instanceof Map) maps.push([k, v as Map<string, unknown>]);
    else if (isPlainObject(v)) {
      if (nested.includes(k)) {
        const inner = Object.entries(v).filter(([, x]) => isPlainObject(x));
        records.push([k, v, new Set(inner.map(([k2]) => k2))]);
        for (const [k2, x] of inner) records.push([`${k}.${k2}`, x as Record<string, unknown>]);
        continue;
      }
      if (knownRecords) {
        records.push([k, v]);
        continue;
      }
      const values = Object.values(v);
      if (values.length > 0 && values.every((x) => x instanceof Map)) {
        for (const [k2, m] of Object.entries(v)) maps.push([`${k}.${k2}`, m as Map<string, unknown>]);
      } else records.push([k, v]);
    } else scalars[k] = v;
  }
  const header: Header = {
    order: Object.keys(state),
    scalars,
    maps: maps.map(([p]) => p),
    records: records.map(([p]) => p),
  };
  return { header: JSON.stringify(header), maps, records };
}

function* partsOf(
  layout: Layout,
  entriesOf: (field: object) => Iterable<[string, unknown]> = entriesNow,
): Generator<string> {
  yield layout.header;
  for (const [p, m] of layout.maps) yield* chunks(p, entriesOf(m));
  for (const [p, r, apart] of layout.records)
    yield* chunks(p, apart === undefined ? entriesOf(r) : without(entriesOf(r), apart));
}

function* without(
  entries: Iterable<[string, unknown]>,
  keys: ReadonlySet<string>,
): Generator<[string, unknown]> {
  for (const e of entries) if (!keys.has(e[0])) yield e;
}

/** A Map's or a record's entries as they are now. */
function entriesNow(field: object): Iterable<[string, unknown]> {
  return field instanceof Map ? (field as Map<string, unknown>).entries() : Object.entries(field);
}

/** The header first, then the parts; pass the iterable straight to the checkpoint store. */
export function* snapshotParts(state: object, options?: LayoutOptions): Generator<string> {
  yield* partsOf(layoutOf(state, options));
}

/**
 * `snapshotParts` of a state that may change while its parts are cut (ADR 0179): the header (its
 * scalars) and the fields (the Map and record objects) are taken on this call; each field's entries
 * are read only when its parts are cut, through `entriesOf(field)`, which must give them as they
 * were on this call (e.g. a state that only grows, filtered by position; a record's entries kept
 * as they were before they changed, ADR 0181). The records of a `nested` field are taken on this
 * call too, and read through `entriesOf` as the others.
 */
export function snapshotPartsFrom(
  state: object,
  entriesOf: (field: object) => Iterable<[string, unknown]>,
  options?: LayoutOptions,
): Generator<string> {
  return partsOf(layoutOf(state, options), entriesOf);
}

/**
 * `parts` that call `release` once when they end: read to the end, failed, or closed by `return()`,
 * even before the first part (a generator closed before it began runs no `finally`). For parts cut
 * while the fold goes on that keep something for the cut (ADR 0181): the runner closes them when it
 * gives a save up.
 */
export function releasing(parts: Iterator<string>, release: () => void): IterableIterator<string> {
  let open = true;
  const end = (): void => {
    if (!open) return;
    open = false;
    release();
  };
  const it: IterableIterator<string> = {
    next() {
      if (!open) return { done: true, value: undefined };
      try {
        const n = parts.next();
        if (n.done) end();
        return n;
      } catch (err) {
        end();
        throw err;
      }
    },
    return(value?: unknown) {
      if (open) {
        end();
        parts.return?.();
      }
      return { done: true, value };
    },
    [Symbol.iterator]: () => it,
  };
  return it;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const dot = path.indexOf('.');
  if (dot < 0) {
    target[path] = value;
    return;
  }
  const head = path.slice(0, dot);
  const inner = (target[head] ??= {}) as Record<string, unknown>;
  inner[path.slice(dot + 1)] = value;
}

/** Rebuilds a state from `snapshotParts` output (header first); throws on a malformed part. */
export function restoreParts<S>(parts: Iterable<string>): S {
  return runToEnd(restoringParts<S>(parts));
}

/**
 * `restoreParts` one part a step, for a caller that restores in slices of the event loop (ADR
 * 0146): the generator yields after the header and after each part, and returns the state.
 * Closing it early (`return()`) closes `parts` too, so a database cursor behind them is released.
 */
export function* restoringParts<S>(parts: Iterable<string>): Generator<void, S, undefined> {
  const it = parts[Symbol.iterator]();
  try {
    const first = it.next();
    if (first.done) throw new Error('empty snapshot');
    const header = JSON.parse(first.value) as Header;
    if (
      !header ||
      typeof header.scalars !== 'object' ||
      !Array.isArray(header.maps) ||
      !Array.isArray(header.records)
    )
      throw new Error('not a chunked snapshot header');
    const state: Record<string, unknown> = {};
    for (const k of Array.isArray(header.order) ? header.order : []) state[k] = header.scalars[k];
    Object.assign(state, header.scalars);
    const targets = new Map<string, Map<string, unknown> | Record<string, unknown>>();
    for (const p of header.maps) {
      const m = new Map<string, unknown>();
      targets.set(p, m);
      setPath(state, p, m);
    }
    for (const p of header.records) {
      const r: Record<string, unknown> = {};
      targets.set(p, r);
      setPath(state, p, r);
    }
    yield;
    for (let n = it.next(); !n.done; n = it.next()) {
      const [p, entries] = JSON.parse(n.value) as [string, Array<[string, unknown]>];
      const target = targets.get(p);
      if (!target || !Array.isArray(entries))
        throw new Error(`snapshot part for an unknown field ${String(p)}`);
      if (target instanceof Map) for (const [k, v] of entries) target.set(k, v);
      else for (const [k, v] of entries) target[k] = v;
      yield;
    }
    return state as S;
  } finally {
    it.return?.();
  }
}

/** Runs a step-by-step restore (`restoringParts`, a model's `restoreParts`) to its end on this turn. */
export function runToEnd<T>(steps: Generator<void, T, undefined>): T {
  for (;;) {
    const n = steps.next();
    if (n.done) return n.value;
  }
}
