import { refreshGate, type GateClock } from './refresh-gate';

/** A hand-driven clock: `advance(ms)` runs the timers that fall due, in order. */
function fakeClock(): GateClock & { advance(ms: number): void; pending(): number } {
  let now = 0;
  let next = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = next++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = end;
    },
    pending: () => timers.size,
  };
}

/** A fetch that stays in flight until `end()` is called, counting how many began. */
function heldFetch(): { fetch: () => Promise<void>; began: () => number; end: () => Promise<void> } {
  const ends: Array<() => void> = [];
  let began = 0;
  return {
    fetch: () => {
      began++;
      return new Promise<void>((resolve) => ends.push(resolve));
    },
    began: () => began,
    async end() {
      ends.shift()?.();
      // Let the gate's `finally` run.
      for (let i = 0; i < 3; i++) await Promise.resolve();
    },
  };
}

/** A gate of one second on a held fetch, driven by a hand clock. */
function gated() {
  const clock = fakeClock();
  const f = heldFetch();
  return { clock, f, gate: refreshGate(f.fetch, 1000, clock) };
}

describe('refreshGate (ADR 0161): a refetch on live messages, at most one per interval, one at a time', () => {
  it('fetches at once when it has not fetched for the interval, and answers that fetch', async () => {
    const { clock, f, gate } = gated();
    const first = gate.request();
    expect(first).toBeInstanceOf(Promise);
    expect(f.began()).toBe(1);
    await f.end();
    await expect(first).resolves.toBeUndefined();
    clock.advance(1000);
    expect(gate.request()).toBeInstanceOf(Promise);
    expect(f.began()).toBe(2);
  });

  it('many messages within the interval make one fetch, at its end; none is dropped', async () => {
    const { clock, f, gate } = gated();
    gate.request();
    await f.end();
    clock.advance(100);
    for (let i = 0; i < 50; i++) expect(gate.request()).toBeUndefined();
    expect(f.began()).toBe(1);
    expect(clock.pending()).toBe(1);
    clock.advance(899);
    expect(f.began()).toBe(1);
    clock.advance(1);
    expect(f.began()).toBe(2);
    expect(clock.pending()).toBe(0);
  });

  it('never two fetches at a time: messages during a slow fetch make one more after it', async () => {
    const { clock, f, gate } = gated();
    gate.request();
    clock.advance(3000); // the fetch is still in flight, the interval long past
    for (let i = 0; i < 10; i++) gate.request();
    expect(f.began()).toBe(1);
    await f.end();
    expect(f.began()).toBe(2);
    await f.end();
    expect(f.began()).toBe(2);
    expect(clock.pending()).toBe(0);
  });

  it('a message during a quick fetch waits for the interval after that fetch began', async () => {
    const { clock, f, gate } = gated();
    gate.request();
    clock.advance(200);
    gate.request();
    await f.end(); // ends at 200 ms: the next may begin at 1,000 ms
    expect(f.began()).toBe(1);
    clock.advance(799);
    expect(f.began()).toBe(1);
    clock.advance(1);
    expect(f.began()).toBe(2);
  });

  it('a failed fetch does not stop the next', async () => {
    const clock = fakeClock();
    let calls = 0;
    const gate = refreshGate(
      () => (++calls === 1 ? Promise.reject(new Error('down')) : Promise.resolve()),
      1000,
      clock,
    );
    await expect(gate.request()).rejects.toThrow('down');
    clock.advance(1000);
    await gate.request();
    expect(calls).toBe(2);
  });

  it('dispose forgets the refetch put off, and later messages fetch nothing', async () => {
    const { clock, f, gate } = gated();
    gate.request();
    await f.end();
    gate.request();
    expect(clock.pending()).toBe(1);
    gate.dispose();
    expect(clock.pending()).toBe(0);
    clock.advance(5000);
    expect(gate.request()).toBeUndefined();
    expect(f.began()).toBe(1);
  });
});
