/** Calendar-day arithmetic on ISO days (`YYYY-MM-DD`), in UTC so no time zone shifts a day. */
const DAY_MS = 86_400_000;

export function isIsoDay(s: unknown): s is string {
  return typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s);
}

export function dayToNumber(day: string): number {
  return Math.round(Date.parse(`${day.slice(0, 10)}T00:00:00Z`) / DAY_MS);
}

export function numberToDay(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return numberToDay(dayToNumber(day) + n);
}

export function daysBetween(from: string, to: string): number {
  return dayToNumber(to) - dayToNumber(from);
}

/** `2024-01-10T08:00` (a datetime-local value, read as UTC) → `2024-01-10T08:00:00.000Z`. */
export function localInputToInstant(value: string): string | undefined {
  if (!value) return undefined;
  const withSeconds = /T\d{2}:\d{2}$/.test(value) ? `${value}:00` : value;
  const ms = Date.parse(`${withSeconds}Z`);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** The reverse: an ISO instant → the `YYYY-MM-DDTHH:mm:ss` a datetime-local input shows (UTC). */
export function instantToLocalInput(iso: string | undefined | null): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 19) : '';
}
