import type { IsoDay, IsoInstant } from './terms';
import { addDays, dayOfInstant, isIsoDay } from '../views/iso-day';

/**
 * Calendar arithmetic on ISO days without a clock: the domain may not touch `Date`
 * (eslint `no-restricted-globals`), so days are converted to a day number with the
 * proleptic Gregorian "days from civil" algorithm (H. Hinnant).
 */

const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$/;

// The day arithmetic has one implementation, the rules' (char codes, no regex, no array per call:
// views/iso-day.ts, a leaf of pure functions); this module, the domain's public calendar, gives
// the same functions. It kept a slower copy of its own until ADR 0180 (the read side's deadlines
// called it ~100,000 times a whole-city judgement).
export {
  addDays,
  addMonths,
  addYears,
  compareDays,
  dayOfInstant,
  daysBetween,
  daysInMonth,
  fromDayNumber,
  isIsoDay,
  isLeapYear,
  toDayNumber,
} from '../views/iso-day';

/** `YYYY-MM-DDTHH:mm:ss(.fraction)?Z` naming an instant that exists. */
export function isIsoInstant(value: unknown): value is IsoInstant {
  if (typeof value !== 'string') return false;
  const m = ISO_INSTANT.exec(value);
  if (!m || !isIsoDay(m[1])) return false;
  return Number(m[2]) <= 23 && Number(m[3]) <= 59 && Number(m[4]) <= 59;
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
