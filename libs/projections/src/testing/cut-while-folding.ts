/**
 * Reads a model's parts, asked for already (`snapshotPartsWhileFolding`), while a fold goes on
 * (ADRs 0179, 0181): `between[0]` of the `rest` steps are run before the first part is read,
 * `between[i]` after the i-th part, and what is left after the last one.
 */
export function readWhileFolding<T>(
  asked: Iterable<string>,
  rest: readonly T[],
  run: (step: T) => void,
  between: readonly number[],
): string[] {
  const parts: string[] = [];
  let next = 0;
  const goOn = (n: number) => {
    for (const end = Math.min(rest.length, next + n); next < end; next++) run(rest[next]);
  };
  goOn(between[0] ?? 0);
  for (const part of asked) {
    parts.push(part);
    goOn(between[parts.length] ?? 0);
  }
  goOn(rest.length);
  return parts;
}
