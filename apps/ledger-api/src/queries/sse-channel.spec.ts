import { Writable } from 'node:stream';
import { replayToReadSide, SseChannel } from './sse-channel';

/** A response whose client reads only when told to: `take()` accepts what is waiting. */
function slowClient(highWaterMark = 1024) {
  const received: string[] = [];
  let pending: Array<() => void> = [];
  const out = new Writable({
    highWaterMark,
    decodeStrings: false,
    write(chunk: string, _enc, cb) {
      pending.push(() => {
        received.push(chunk);
        cb();
      });
    },
  });
  const take = async () => {
    await new Promise((r) => setImmediate(r)); // what was written this turn leaves at its end
    while (pending.length) {
      const now = pending;
      pending = [];
      for (const f of now) f();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { out, received, take };
}

const frame = (i: number, size = 200) => `id: ${i}\ndata: ${'x'.repeat(size)}\n\n`;

describe('SseChannel (ADR 0140)', () => {
  it('passes frames through in order while the client keeps up', async () => {
    const { out, received, take } = slowClient();
    const cuts: number[] = [];
    const channel = new SseChannel(out, 64 * 1024, (n) => cuts.push(n));
    for (let i = 0; i < 50; i++) {
      channel.write(frame(i));
      await take();
    }
    expect(received).toEqual(Array.from({ length: 50 }, (_, i) => frame(i)));
    expect(cuts).toEqual([]);
    expect(channel.open).toBe(true);
  });

  it('the frames written in one turn leave in one write to the socket, in order (ADR 0187)', async () => {
    const writes: string[][] = [];
    const out = new Writable({
      decodeStrings: false,
      writev(chunks, cb) {
        writes.push(chunks.map((c) => c.chunk as string));
        cb();
      },
    });
    const channel = new SseChannel(out, 64 * 1024, () => undefined);
    for (let i = 0; i < 5; i++) channel.write(frame(i));
    expect(writes).toEqual([]); // not yet: the turn is not over
    await new Promise((r) => setImmediate(r));
    channel.write(frame(5));
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual([[0, 1, 2, 3, 4].map((i) => frame(i)), [frame(5)]]);
  });

  it('drained() waits until the client has read what is waiting, and is immediate when nothing is', async () => {
    const { out, received, take } = slowClient(1024);
    const channel = new SseChannel(out, 64 * 1024, () => undefined);
    let resolved = false;
    await channel.drained(); // nothing waiting
    for (let i = 0; i < 10; i++) channel.write(frame(i)); // 2 KB > the 1 KB high-water mark
    const waiting = channel.drained().then(() => (resolved = true));
    await new Promise((r) => setImmediate(r));
    expect(resolved).toBe(false);
    await take();
    await waiting;
    expect(resolved).toBe(true);
    expect(received).toHaveLength(10);
  });

  it('cuts the response once more than the bound waits for the client, reports it once, and writes nothing after', async () => {
    const { out, received } = slowClient(1024);
    const cuts: number[] = [];
    const channel = new SseChannel(out, 10 * 1024, (n) => cuts.push(n));
    for (let i = 0; i < 200; i++) channel.write(frame(i, 500));
    expect(cuts).toHaveLength(1);
    expect(cuts[0]).toBeGreaterThan(10 * 1024);
    expect(cuts[0]).toBeLessThanOrEqual(10 * 1024 + frame(0, 500).length);
    expect(out.destroyed).toBe(true);
    expect(channel.open).toBe(false);
    expect(received).toEqual([]);
  });

  it('drained() resolves when the response closes while it waits', async () => {
    const { out } = slowClient(1024);
    const channel = new SseChannel(out, 64 * 1024, () => undefined);
    for (let i = 0; i < 10; i++) channel.write(frame(i));
    const waiting = channel.drained();
    out.destroy();
    await expect(waiting).resolves.toBeUndefined();
    await expect(channel.drained()).resolves.toBeUndefined();
  });
});

describe('replayToReadSide (ADR 0140)', () => {
  type E = { position: bigint };
  /** A store of events 1..n and a read side at `position`; `onRead` runs during each read (live traffic). */
  function world(n: number, position: number, onRead: (w: { position: number; emptied: number; n: number }) => void = () => undefined) {
    const w = { position, emptied: 0, n, reads: [] as number[] };
    const source = {
      position: () => BigInt(w.position),
      readAll: async (after: bigint, max: number): Promise<E[]> => {
        w.reads.push(Number(after));
        const events: E[] = [];
        for (let p = Number(after) + 1; p <= w.n && events.length < max; p++) events.push({ position: BigInt(p) });
        onRead(w);
        await Promise.resolve();
        return events;
      },
    };
    const sent: number[] = [];
    let drains = 0;
    let open = true;
    const out = {
      send: (e: E) => {
        sent.push(Number(e.position));
      },
      open: () => open,
      drained: async () => {
        drains += 1;
      },
      emptied: () => w.emptied,
      close: () => (open = false),
    };
    return { w, source, out, sent, drains: () => drains };
  }
  const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

  it('sends every event after `from` up to the read side, in order, waiting for the client after each page', async () => {
    const { source, out, sent, drains } = world(1200, 1200);
    await expect(replayToReadSide(100n, source, 500, out)).resolves.toBe(1200n);
    expect(sent).toEqual(range(101, 1200));
    expect(drains()).toBe(2);
  });

  it('goes on to what is recorded meanwhile, and stops at an event the read side has not applied', async () => {
    // Each read: 300 more events recorded, the read side 200 behind them.
    const { w, source, out, sent } = world(700, 500, (x) => {
      if (x.n < 1600) {
        x.n += 300;
        x.position += 300;
      }
    });
    const last = await replayToReadSide(0n, source, 500, out);
    expect(sent).toEqual(range(1, Number(last)));
    expect(Number(last)).toBeLessThanOrEqual(w.position);
    expect(w.n).toBeGreaterThan(Number(last));
  });

  it('reads on when the live buffer was emptied during the last page, so the dropped changes come from the store', async () => {
    // The read side is at 600; during the second read it reaches 1000 and the stream drops its buffer.
    const { w, source, out, sent } = world(1000, 600, (x) => {
      if (w.reads.length === 2) {
        x.position = 1000;
        x.emptied += 1;
      }
    });
    await expect(replayToReadSide(0n, source, 500, out)).resolves.toBe(1000n);
    expect(sent).toEqual(range(1, 1000));
  });

  it('stops at once when the stream closes', async () => {
    const { source, out, sent } = world(2000, 2000);
    const send = out.send;
    out.send = (e) => {
      send(e);
      if (sent.length === 42) out.close();
    };
    await expect(replayToReadSide(0n, source, 500, out)).resolves.toBe(42n);
    expect(sent).toEqual(range(1, 42));
  });
});
