/**
 * The bytes a live stream may hold for a client that reads slower than the ledger records (ADR
 * 0140). Past it the stream is cut: the client's EventSource reconnects with Last-Event-ID and the
 * store replays what it missed, at the pace it reads.
 */
export const STREAM_BACKLOG_MAX_BYTES = 8 * 1024 * 1024;

/** What a channel needs of its response: Node's `ServerResponse` (or any Writable). */
export interface SseOut {
  write(chunk: string | Buffer): boolean;
  cork(): void;
  uncork(): void;
  destroy(): void;
  readonly writableLength: number;
  readonly writableNeedDrain: boolean;
  readonly destroyed: boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
}

/**
 * One SSE response with a bound on what it holds (ADR 0140). A replay awaits `drained()` between
 * pages, so it reads the store no faster than the client reads the stream. A live frame is written
 * at once (the projections do not wait for one client); when the frames waiting for the client pass
 * `maxBacklogBytes`, the response is destroyed and `onCut` runs: the client missed nothing it
 * cannot get back, since every event carries its position as the frame's id.
 */
export class SseChannel {
  private cut = false;
  private corked = false;

  constructor(
    private readonly out: SseOut,
    private readonly maxBacklogBytes: number,
    private readonly onCut: (backlogBytes: number) => void,
  ) {}

  /** False once the channel was cut (or its response is gone): nothing more is written. */
  get open(): boolean {
    return !this.cut && !this.out.destroyed;
  }

  /**
   * Writes `frame` unless the channel is closed; cuts it when the client is too far behind. The
   * frames written in one turn (a group commit's changes, a replay's page) leave in one write to
   * the socket (ADR 0187).
   */
  write(frame: string | Buffer): void {
    if (!this.open) return;
    if (!this.corked) {
      this.corked = true;
      this.out.cork();
      process.nextTick(() => {
        this.corked = false;
        this.out.uncork();
      });
    }
    this.out.write(frame);
    const backlog = this.out.writableLength;
    if (backlog > this.maxBacklogBytes) {
      this.cut = true;
      this.out.destroy();
      this.onCut(backlog);
    }
  }

  /** Resolves once the response can take more (below its high-water mark), or has closed. */
  drained(): Promise<void> {
    const out = this.out;
    if (!out.writableNeedDrain || !this.open) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        out.off('drain', done);
        out.off('close', done);
        resolve();
      };
      out.once('drain', done);
      out.once('close', done);
    });
  }
}

/** What a stream's replay reads (ADR 0140): the read side's position, and the store's global log. */
export interface ReplaySource<E extends { readonly position: bigint }> {
  /** The read side's position now: the last event the live subscription has brought or will not bring. */
  position(): bigint;
  readAll(after: bigint, maxCount: number): Promise<readonly E[]>;
}

/**
 * Sends every event after `from` up to the read side's position, page by page, and returns the last
 * position sent (ADR 0140). The position is read again before each page, so a replay that takes
 * long (a slow client) goes on to the events recorded meanwhile. After each page it waits for
 * `drained()`. It stops when it has caught up, at the store's end, or at an event the read side has
 * not applied yet (the live subscription brings that one), unless `emptied()` (a count of the times
 * the stream dropped its buffered live changes) moved during the page: then it reads on, so the
 * dropped changes' events come from the store. It stops sending as soon as `open()` turns false.
 */
export async function replayToReadSide<E extends { readonly position: bigint }>(
  from: bigint,
  source: ReplaySource<E>,
  pageSize: number,
  out: { send: (event: E) => void; open: () => boolean; drained: () => Promise<void>; emptied: () => number },
): Promise<bigint> {
  let sent = from;
  while (out.open()) {
    const until = source.position();
    if (sent >= until) break;
    const emptiedBefore = out.emptied();
    const page = await source.readAll(sent, pageSize);
    let last = page.length < pageSize;
    for (const e of page) {
      if (!out.open()) break;
      if (e.position > until) {
        last = true;
        break;
      }
      out.send(e);
      sent = e.position;
    }
    if (last && out.emptied() === emptiedBefore) break;
    await out.drained();
  }
  return sent;
}
