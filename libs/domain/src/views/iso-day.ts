import type { IsoDay, IsoInstant } from '../shared/terms';

/**
 * Pure calendar arithmetic on ISO days (`YYYY-MM-DD`). The domain reads no clock and uses no
 * `Date`: days are converted to a day number (days since 1970-01-01, proleptic Gregorian) with
 * Howard Hinnant's civil-from-days algorithm. ISO days compare correctly as strings.
 */

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDay(value: unknown): value is IsoDay {
  if (typeof value !== 'string') return false;
  const m = ISO_DAY.exec(value);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(m[1]), month);
}

function digit(day: string, i: number): number {
  const c = day.charCodeAt(i) - 48;
  if (c < 0 || c > 9) throw new Error(`not an ISO day: ${day}`);
  return c;
}

/** Hot path (rules do day arithmetic per subject): parse by char codes, no regex. */
function parts(day: IsoDay): [number, number, number] {
  if (day.length !== 10 || day.charCodeAt(4) !== 45 || day.charCodeAt(7) !== 45) throw new Error(`not an ISO day: ${day}`);
  const y = digit(day, 0) * 1000 + digit(day, 1) * 100 + digit(day, 2) * 10 + digit(day, 3);
  return [y, digit(day, 5) * 10 + digit(day, 6), digit(day, 8) * 10 + digit(day, 9)];
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `pad(n, 2)` for a month or day (1–31) without padStart. */
function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `pad(y, 4)`; the common four-digit year is just its digits. */
function pad4(y: number): string {
  return y >= 1000 && y <= 9999 ? String(y) : pad(y, 4);
}

// `YYYY-MM-` of the months rules compute with (deadlines, term limits), built once per month:
// formatting a day is then one concatenation instead of five. Four-digit years only.
const MONTH_PREFIXES = new Map<number, string>();
const DAY_PARTS: readonly string[] = Array.from({ length: 32 }, (_, d) => pad2(d));

/** `YYYY-MM-DD` of a (year, month, day) already in range. */
function format(y: number, m: number, d: number): IsoDay {
  if (y < 1000 || y > 9999) return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
  const key = y * 12 + m;
  let prefix = MONTH_PREFIXES.get(key);
  if (prefix === undefined) {
    prefix = `${y}-${pad2(m)}-`;
    MONTH_PREFIXES.set(key, prefix);
  }
  return prefix + DAY_PARTS[d];
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS: readonly number[] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : MONTH_DAYS[m - 1];
}

/** Days since 1970-01-01. */
export function toDayNumber(day: IsoDay): number {
  const [y0, m, d] = parts(day);
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(n: number): IsoDay {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return format(y, m, d);
}

export function addDays(day: IsoDay, n: number): IsoDay {
  return fromDayNumber(toDayNumber(day) + n);
}

/** Calendar months; the day is clamped to the month's end (2024-08-31 − 6 months = 2024-02-29). */
export function addMonths(day: IsoDay, n: number): IsoDay {
  if (day.length !== 10 || day.charCodeAt(4) !== 45 || day.charCodeAt(7) !== 45) throw new Error(`not an ISO day: ${day}`);
  // parts() inlined: no array per call.
  const y = digit(day, 0) * 1000 + digit(day, 1) * 100 + digit(day, 2) * 10 + digit(day, 3);
  const m = digit(day, 5) * 10 + digit(day, 6);
  const d = digit(day, 8) * 10 + digit(day, 9);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  return format(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

export function addYears(day: IsoDay, n: number): IsoDay {
  return addMonths(day, 12 * n);
}

export function compareDays(a: IsoDay, b: IsoDay): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function daysBetween(from: IsoDay, to: IsoDay): number {
  return toDayNumber(to) - toDayNumber(from);
}

export function minDay(a: IsoDay, b: IsoDay): IsoDay {
  return a <= b ? a : b;
}

export function maxDay(a: IsoDay, b: IsoDay): IsoDay {
  return a >= b ? a : b;
}

export function yearOf(day: IsoDay): number {
  return parts(day)[0];
}

/** 1 for January 1st. */
export function dayOfYear(day: IsoDay): number {
  return toDayNumber(day) - toDayNumber(`${day.slice(0, 4)}-01-01`) + 1;
}

/** The school year (学年) runs Sep 1 – Aug 31; it is named by the year it starts in. */
export function schoolYearOf(day: IsoDay): number {
  const [y, m] = parts(day);
  return m >= 9 ? y : y - 1;
}

// School-year bounds of the years rules walk (R14 walks every year of every cooperation): built
// once per year, not once per call. Bounded to four-digit years.
const YEAR_STARTS: IsoDay[] = [];
const YEAR_ENDS: IsoDay[] = [];

export function schoolYearStart(year: number): IsoDay {
  if (year < 1000 || year > 9998 || year !== Math.floor(year)) return `${pad4(year)}-09-01`;
  return (YEAR_STARTS[year - 1000] ??= `${year}-09-01`);
}

export function schoolYearEnd(year: number): IsoDay {
  if (year < 1000 || year > 9998 || year !== Math.floor(year)) return `${pad4(year + 1)}-08-31`;
  return (YEAR_ENDS[year - 1000] ??= `${year + 1}-08-31`);
}

/** The UTC day of an ISO instant (`2024-01-10T08:00:00Z` → `2024-01-10`). */
export function dayOfInstant(instant: IsoInstant): IsoDay {
  return instant.slice(0, 10);
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|z|[+-]\d{2}:?\d{2})$/;

/**
 * An ISO instant in the fixed UTC millisecond form `YYYY-MM-DDTHH:MM:SS.mmmZ` (what
 * `Date.prototype.toISOString` writes), so that instants compare correctly as strings:
 * `…:00Z` and `…:00.000Z` are the same instant, a zone offset is moved to UTC, fractions are cut
 * to milliseconds. Already-normal instants are returned as they are (the common case: one length
 * and two character checks). A string that is not an ISO instant is returned unchanged.
 */
export function normalizeInstant(instant: IsoInstant): IsoInstant {
  if (instant.length === 24 && instant.charCodeAt(23) === 90 /* Z */ && instant.charCodeAt(19) === 46 /* . */ && instant.charCodeAt(10) === 84 /* T */) {
    return instant;
  }
  const m = INSTANT.exec(instant);
  if (!m || !isIsoDay(m[1])) return instant;
  let minutes = Number(m[2]) * 60 + Number(m[3]);
  const zone = m[6];
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.replace(':', '');
    const offset = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
    minutes -= zone[0] === '+' ? offset : -offset;
  }
  const dayShift = Math.floor(minutes / 1440);
  minutes -= dayShift * 1440;
  const day = dayShift === 0 ? m[1] : addDays(m[1], dayShift);
  const ms = (m[5] ?? '').slice(0, 3).padEnd(3, '0');
  return `${day}T${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}:${m[4] ?? '00'}.${ms}Z`;
}
