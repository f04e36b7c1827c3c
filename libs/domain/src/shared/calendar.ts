import type { IsoDay, IsoInstant } from './terms';

/**
 * Calendar arithmetic on ISO days without a clock: the domain may not touch `Date`
 * (eslint `no-restricted-globals`), so days are converted to a day number with the
 * proleptic Gregorian "days from civil" algorithm (H. Hinnant).
 */

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** `YYYY-MM-DD` naming a day that exists (no Feb 30, no month 13). */
export function isIsoDay(value: unknown): value is IsoDay {
  if (typeof value !== 'string') return false;
  const m = ISO_DAY.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** `YYYY-MM-DDTHH:mm:ss(.fraction)?Z` naming an instant that exists. */
export function isIsoInstant(value: unknown): value is IsoInstant {
  if (typeof value !== 'string') return false;
  const m = ISO_INSTANT.exec(value);
  if (!m || !isIsoDay(m[1])) return false;
  return Number(m[2]) <= 23 && Number(m[3]) <= 59 && Number(m[4]) <= 59;
}

/** The UTC day of an instant. */
export function dayOfInstant(instant: IsoInstant): IsoDay {
  return instant.slice(0, 10);
}

/** Day number: 1970-01-01 is 0. */
export function toDayNumber(day: IsoDay): number {
  const m = ISO_DAY.exec(day);
  if (!m) throw new RangeError(`Not an ISO day: ${day}`);
  let y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  y -= mo <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
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
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function addDays(day: IsoDay, days: number): IsoDay {
  return fromDayNumber(toDayNumber(day) + days);
}

/** Days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDay, to: IsoDay): number {
  return toDayNumber(to) - toDayNumber(from);
}

/**
 * Adds calendar months; the day is clamped to the target month's length
 * (2021-08-31 + 6 months = 2022-02-28).
 */
export function addMonths(day: IsoDay, months: number): IsoDay {
  const [y, m, d] = day.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const nd = Math.min(d, daysInMonth(ny, nm));
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(nd).padStart(2, '0')}`;
}

export function addYears(day: IsoDay, years: number): IsoDay {
  return addMonths(day, years * 12);
}

/** ISO days and `Z` instants compare correctly as strings; this names the intent. */
export function compareDays(a: IsoDay, b: IsoDay): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The calendar day in Changsha (UTC+8, no daylight saving) of an instant: a recorder at 07:00
 * Beijing time is still on the previous UTC day.
 */
export function changshaDayOfInstant(instant: IsoInstant): IsoDay {
  const day = dayOfInstant(instant);
  const hour = Number(instant.slice(11, 13));
  return hour >= 16 ? addDays(day, 1) : day;
}
