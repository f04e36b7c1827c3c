/**
 * Reads the domain's ledger view collections whether they are Maps or plain records (the view
 * moved from records to Maps for speed; the read side works with either).
 */
type Collection<T> = Map<string, T> | Readonly<Record<string, T>>;

export function idsOf<T>(c: Collection<T>): string[] {
  return c instanceof Map ? [...c.keys()] : Object.keys(c);
}

export function entryOf<T>(c: Collection<T>, id: string): T | undefined {
  return c instanceof Map ? c.get(id) : Object.prototype.hasOwnProperty.call(c, id) ? (c as Record<string, T>)[id] : undefined;
}

export function sizeOf<T>(c: Collection<T>): number {
  return c instanceof Map ? c.size : Object.keys(c).length;
}
