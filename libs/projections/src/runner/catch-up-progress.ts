import type { ProgressInfo } from './projection-runner';

export interface CatchUpProgressOptions {
  /** At most one line this often (default 10 s); a catch-up that ends sooner logs none. */
  readonly everyMs?: number;
  /** Milliseconds (default `Date.now`). */
  readonly now?: () => number;
}

/**
 * An `onProgress` for `ProjectionRunner.start()` that tells an operator how a long catch-up goes,
 * one line at most every `everyMs`: the position against the head, the share done, the rate since
 * the first page and the time left at that rate. A start on a million events catches up for about
 * a minute; before, nothing was logged between the start and "read models caught up".
 */
export function catchUpProgress(
  log: (message: string) => void,
  options: CatchUpProgressOptions = {},
): (p: ProgressInfo) => void {
  const everyMs = options.everyMs ?? 10_000;
  const now = options.now ?? Date.now;
  let first: { at: number; applied: number } | undefined;
  let next = 0;
  return (p) => {
    const at = now();
    if (!first) {
      first = { at, applied: p.applied };
      next = at + everyMs;
      return;
    }
    if (at < next) return;
    next = at + everyMs;
    const head = p.head > p.position ? p.head : p.position;
    const share = head > 0n ? Number((p.position * 1000n) / head) / 10 : 100;
    const rate = ((p.applied - first.applied) * 1000) / Math.max(1, at - first.at);
    const left = Number(head - p.position);
    const seconds = rate > 0 ? Math.ceil(left / rate) : undefined;
    const pct = share.toFixed(1);
    const perSecond = Math.round(rate);
    log(
      `读模型追赶日志中：位置 ${p.position} / ${head}（${pct}%），每秒 ${perSecond} 个事件` +
        (seconds === undefined ? '' : `，约剩 ${seconds} 秒`) +
        ` · catching up with the log: position ${p.position} of ${head} (${pct}%), ${perSecond} events/s` +
        (seconds === undefined ? '' : `, ~${seconds} s left`),
    );
  };
}
