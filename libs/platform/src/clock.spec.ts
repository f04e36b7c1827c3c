import fc from 'fast-check';
import { SystemClock } from './clock';

const CHINA_OFFSET_MS = 8 * 3600 * 1000;
const uncached = (ms: number) => new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);

describe('SystemClock.today', () => {
  afterEach(() => jest.restoreAllMocks());

  it('is the UTC+8 day of Date.now(), across midnights and clocks set back (cached day vs uncached)', () => {
    const instants = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });
    // Walks: a start, then steps of up to ±3 days, so that many runs cross a Changsha midnight.
    const steps = fc.array(fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }), { maxLength: 30 });
    fc.assert(
      fc.property(instants, steps, (start, moves) => {
        const clock = new SystemClock();
        let now = start;
        const spy = jest.spyOn(Date, 'now').mockImplementation(() => now);
        try {
          for (const move of [0, ...moves, 1, -1]) {
            now += move;
            if (clock.today() !== uncached(now)) return false;
          }
          return true;
        } finally {
          spy.mockRestore();
        }
      }),
    );
  });

  it('turns at midnight in Changsha (16:00 UTC)', () => {
    const clock = new SystemClock();
    let now = Date.parse('2026-03-01T15:59:59.999Z');
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    expect(clock.today()).toBe('2026-03-01');
    now += 1;
    expect(clock.today()).toBe('2026-03-02');
    now -= 1;
    expect(clock.today()).toBe('2026-03-01');
  });

  it('answers LEDGER_TODAY when configured', () => {
    expect(new SystemClock('2025-09-01').today()).toBe('2025-09-01');
  });
});
