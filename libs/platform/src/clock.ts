/** ISO instant with `Z` (transaction time) and ISO day (valid time), as in @ledger/domain. */
export type IsoInstant = string;
export type IsoDay = string;

/** The server's clock. The domain reads no clock: time reaches it through commands. */
export interface Clock {
  now(): IsoInstant;
  /** Today's date in UTC+8 (Changsha), or LEDGER_TODAY when configured. */
  today(): IsoDay;
}

/** DI token for the `Clock`. */
export const CLOCK = Symbol.for('ledger.Clock');

const CHINA_OFFSET_MS = 8 * 3600 * 1000;

const DAY_MS = 24 * 3600 * 1000;

export class SystemClock implements Clock {
  /** Today's day and the epoch millisecond at which it ends in UTC+8 (every request asks). */
  private day?: { readonly day: IsoDay; readonly endsAtMs: number };

  constructor(private readonly fixedToday?: IsoDay) {}
  now(): IsoInstant {
    return new Date().toISOString();
  }
  today(): IsoDay {
    if (this.fixedToday) return this.fixedToday;
    const nowMs = Date.now();
    // The cached day holds while nowMs is inside it; a clock set back makes it recompute too.
    if (this.day && nowMs < this.day.endsAtMs && nowMs >= this.day.endsAtMs - DAY_MS) return this.day.day;
    const local = nowMs + CHINA_OFFSET_MS;
    const endsAtMs = local - (local % DAY_MS) + DAY_MS - CHINA_OFFSET_MS;
    this.day = { day: new Date(local).toISOString().slice(0, 10), endsAtMs };
    return this.day.day;
  }
}

/** A clock fixed at one instant (tests). */
export class FixedClock implements Clock {
  constructor(
    private instant: IsoInstant,
    private readonly fixedToday?: IsoDay,
  ) {}
  now(): IsoInstant {
    return this.instant;
  }
  today(): IsoDay {
    return this.fixedToday ?? new Date(Date.parse(this.instant) + CHINA_OFFSET_MS).toISOString().slice(0, 10);
  }
  set(instant: IsoInstant): void {
    this.instant = instant;
  }
}

export function createClock(config: { today?: IsoDay }): Clock {
  return new SystemClock(config.today);
}
