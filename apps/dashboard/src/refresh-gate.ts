/** A view showing live data refetches it at most once in this many milliseconds, however fast events come. */
export const LIVE_REFRESH_MS = 1_000;

export interface RefreshGate {
  /**
   * Asks for a refetch: now, or once the interval has passed or the fetch in flight has ended.
   * Answers the fetch when it began one now (the view's first draw awaits it).
   */
  request(): Promise<void> | undefined;
  /** Forgets a refetch put off (the view is left). */
  dispose(): void;
}

export interface GateClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: GateClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * How a view refetches on live messages (ADR 0161): at once when it has not fetched for
 * `minIntervalMs`, else once at the end of that interval, and never two fetches at a time. Every
 * message asked for a refetch before: under steady recording each open overview fetched the
 * summary back to back, and ten of them held the API (a clerk's POST: 13 ms → ~10 s at a million
 * events). The last message's refetch is never dropped, only put off.
 */
export function refreshGate(
  fetch: () => Promise<void>,
  minIntervalMs: number,
  clock: GateClock = realClock,
): RefreshGate {
  let inFlight = false;
  let again = false;
  let lastStart = -Infinity;
  let timer: unknown;
  let disposed = false;
  // A refetch no caller awaits: its failure is the view's to show (its fetch draws the error), not an unhandled rejection.
  const later = (): void => void request()?.catch(() => undefined);
  const request = (): Promise<void> | undefined => {
    if (disposed) return undefined;
    if (inFlight) {
      again = true;
      return undefined;
    }
    const wait = lastStart + minIntervalMs - clock.now();
    if (wait > 0) {
      timer ??= clock.setTimeout(() => {
        timer = undefined;
        later();
      }, wait);
      return undefined;
    }
    inFlight = true;
    lastStart = clock.now();
    return fetch().finally(() => {
      inFlight = false;
      if (again) {
        again = false;
        later();
      }
    });
  };
  return {
    request,
    dispose() {
      disposed = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
    },
  };
}
