/**
 * Records (plain objects keyed by id) read as they were at a cut while they go on changing (ADR
 * 0181): a live snapshot cuts the city's compliance while the fold goes on. Every change of a
 * record that may be cut goes through `put`, which keeps, for each cut reading the record, the
 * value the key had at the cut (or that it had none) on the key's first change since. A record's
 * values are replaced, never changed in place; a record replaced as a whole (a whole-city settle)
 * is no longer changed, so the cut reads it as it was.
 */

/** A key the record did not have at the cut. */
const ABSENT: unique symbol = Symbol('absent at the cut');
type Before = Map<string, unknown>;

/** Record → the values at the cut of each cut reading it (kept as the keys change). */
const cutsOf = new Map<object, Before[]>();

/** `record[k] = value` (undefined: the key deleted), keeping the value at the cut for each cut reading `record`. */
export function put<T>(record: Record<string, T>, k: string, value: T | undefined): void {
  if (cutsOf.size > 0) {
    const cuts = cutsOf.get(record);
    if (cuts)
      for (const before of cuts)
        if (!before.has(k)) before.set(k, Object.hasOwn(record, k) ? record[k] : ABSENT);
  }
  if (value === undefined) delete record[k];
  else record[k] = value;
}

/** How many records cuts keep values of (for specs: none once every cut has ended). */
export function recordsKept(): number {
  return cutsOf.size;
}

/**
 * `records` as they are on the call, read later. Listing a big record's keys takes ~1 µs a key
 * (~150 ms for the city's at a million events), so nothing is listed on the call: each record's
 * keys are listed when its entries are read, and the keys changed since the cut are put right from
 * what `put` kept. `release()` ends the cut (then `put` keeps nothing more for it).
 */
export class RecordsCut {
  private readonly before = new Map<object, Before>();
  private released = false;

  constructor(records: readonly object[]) {
    for (const record of records) {
      if (this.before.has(record)) continue;
      const before: Before = new Map();
      this.before.set(record, before);
      const cuts = cutsOf.get(record);
      if (cuts) cuts.push(before);
      else cutsOf.set(record, [before]);
    }
  }

  /**
   * `record`'s entries as they were at the cut: its keys in their order when this is called, each
   * with its value at the cut, those added since left out and those deleted since at the end (a key
   * changed since the cut may so have moved: readers of these records sum or sort them).
   */
  *entriesOf(record: object): Generator<[string, unknown]> {
    const before = this.before.get(record);
    if (!before || this.released) throw new Error('a record not cut, or its cut released');
    const live = record as Record<string, unknown>;
    const keys = Object.keys(live);
    // Present at the cut, deleted since (and not added again): not among `keys`.
    const gone: Array<[string, unknown]> = [];
    for (const [k, v] of before) if (v !== ABSENT && !Object.hasOwn(live, k)) gone.push([k, v]);
    for (const k of keys) {
      if (!before.has(k)) yield [k, live[k]];
      else {
        const v = before.get(k);
        if (v !== ABSENT) yield [k, v];
      }
    }
    yield* gone;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    for (const [record, before] of this.before) {
      const cuts = cutsOf.get(record)?.filter((b) => b !== before);
      if (cuts?.length) cutsOf.set(record, cuts);
      else cutsOf.delete(record);
    }
  }
}
