import { addDays, addMonths, addYears, changshaDayOfInstant, daysBetween, fromDayNumber, isIsoDay, isIsoInstant, toDayNumber } from './calendar';

describe('calendar (no clock)', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2021-02-30', false],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2021-13-01', false],
    ['2021-04-31', false],
    ['2021-4-01', false],
    ['2021-12-31', true],
  ])('%s is a day: %s', (day, ok) => {
    expect(isIsoDay(day)).toBe(ok);
  });

  it.each([
    ['2024-01-10T08:00:00.000Z', true],
    ['2024-01-10T08:00:00Z', true],
    ['2024-01-10T24:00:00Z', false],
    ['2024-01-10T08:00:00+08:00', false],
    ['2024-02-30T08:00:00Z', false],
  ])('%s is an instant: %s', (instant, ok) => {
    expect(isIsoInstant(instant)).toBe(ok);
  });

  it('counts days like the calendar', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(fromDayNumber(toDayNumber('2024-02-29'))).toBe('2024-02-29');
    expect(addDays('2021-12-31', 1)).toBe('2022-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2021-01-01', '2021-12-31')).toBe(364);
  });

  it('adds months and years, clamping to the month end', () => {
    expect(addMonths('2021-08-31', 6)).toBe('2022-02-28');
    expect(addMonths('2024-03-31', -6)).toBe('2023-09-30');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2021-04-01', 6)).toBe('2027-04-01');
  });

  it('knows the Changsha day of an instant (UTC+8)', () => {
    expect(changshaDayOfInstant('2021-12-31T15:59:59Z')).toBe('2021-12-31');
    expect(changshaDayOfInstant('2021-12-31T16:00:00Z')).toBe('2022-01-01');
  });
});
