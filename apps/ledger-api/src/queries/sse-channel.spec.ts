import { Writable } from 'node:stream';
import { SseChannel } from './sse-channel';

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
