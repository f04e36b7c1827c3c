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

export class SystemClock implements Clock {
  constructor(private readonly fixedToday?: IsoDay) {}
  now(): IsoInstant {
    return new Date().toISOString();
  }
  today(): IsoDay {
    return this.fixedToday ?? new Date(Date.now() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
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
