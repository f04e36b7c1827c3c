// addDays, addMonths, … are exported by shared/calendar (part A); only the extra helpers here.
export { dayOfYear, maxDay, minDay, normalizeInstant, schoolYearEnd, schoolYearOf, schoolYearStart, yearOf } from './iso-day';
export * from './ledger-view';
export * from './states';
export * from './subjects';
