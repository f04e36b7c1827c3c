/**
 * The bytes a live stream may hold for a client that reads slower than the ledger records (ADR
 * 0140). Past it the stream is cut: the client's EventSource reconnects with Last-Event-ID and the
 * store replays what it missed, at the pace it reads.
 */
export const STREAM_BACKLOG_MAX_BYTES = 8 * 1024 * 1024;

/** What a channel needs of its response: Node's `ServerResponse` (or any Writable). */
export interface SseOut {
  write(chunk: string): boolean;
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

  constructor(
    private readonly out: SseOut,
    private readonly maxBacklogBytes: number,
    private readonly onCut: (backlogBytes: number) => void,
  ) {}

  /** False once the channel was cut (or its response is gone): nothing more is written. */
  get open(): boolean {
    return !this.cut && !this.out.destroyed;
  }

  /** Writes `frame` unless the channel is closed; cuts it when the client is too far behind. */
  write(frame: string): void {
    if (!this.open) return;
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
