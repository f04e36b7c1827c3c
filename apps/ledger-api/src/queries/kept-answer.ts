/**
 * One answer kept with the key it was computed for: the next request with the same key takes it,
 * any other key computes again and replaces it (one entry, never grown). The key must hold
 * everything the answer depends on (ReadSide puts the read models' position in it). An undefined
 * answer (the source could not answer) is not kept. ADR 0156.
 */
export class KeptAnswer<T> {
  private kept?: { readonly key: string; readonly value: T };

  get(key: string, compute: () => T | undefined): T | undefined {
    if (this.kept?.key === key) return this.kept.value;
    const value = compute();
    this.kept = value === undefined ? undefined : { key, value };
    return value;
  }
}
