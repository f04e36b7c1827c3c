import type { ProgressInfo } from './projection-runner';

export interface CatchUpProgressOptions {
  /** At most one line this often (default 10 s); a catch-up that ends sooner logs none. */
  readonly everyMs?: number;
  /** Milliseconds (default `Date.now`). */
  readonly now?: () => number;
}

/**
 * An `onProgress` for `ProjectionRunner.start()` that tells an operator how a long catch-up goes,
 * one line at most every `everyMs`: the position against the head, the share done, the events
 * applied per second since the first page and the time left at that pace. A start on a million events catches up for about
 * a minute; before, nothing was logged between the start and "read models caught up".
 */
export function catchUpProgress(
  log: (message: string) => void,
  options: CatchUpProgressOptions = {},
): (p: ProgressInfo) => void {
  const everyMs = options.everyMs ?? 10_000;
  const now = options.now ?? Date.now;
  let first: { at: number; applied: number; position: bigint } | undefined;
  let next = 0;
  return (p) => {
    const at = now();
    if (!first) {
      first = { at, applied: p.applied, position: p.position };
      next = at + everyMs;
      return;
    }
    if (at < next) return;
    next = at + everyMs;
    const head = p.head > p.position ? p.head : p.position;
    const share = head > 0n ? Number((p.position * 1000n) / head) / 10 : 100;
    const elapsed = Math.max(1, at - first.at) / 1000;
    const perSecond = Math.round((p.applied - first.applied) / elapsed);
    // The time left from the positions' own pace: on EventStoreDB a position is an offset in the
    // log, not a count of events.
    const moved = Number(p.position - first.position) / elapsed;
    const seconds = moved > 0 ? Math.ceil(Number(head - p.position) / moved) : undefined;
    const pct = share.toFixed(1);
    log(
      `读模型追赶日志中：位置 ${p.position} / ${head}（${pct}%），每秒 ${perSecond} 个事件` +
        (seconds === undefined ? '' : `，约剩 ${seconds} 秒`) +
        ` · catching up with the log: position ${p.position} of ${head} (${pct}%), ${perSecond} events/s` +
        (seconds === undefined ? '' : `, ~${seconds} s left`),
    );
  };
}
