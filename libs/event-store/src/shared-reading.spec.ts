import { sharedReading } from './shared-reading';

/** A reading the test ends by hand; `count` readings started so far. */
function manualReadings() {
  const pending: Array<{ resolve: () => void; reject: (err: Error) => void }> = [];
  let count = 0;
  const read = () =>
    new Promise<void>((resolve, reject) => {
      count++;
      pending.push({ resolve, reject });
    });
  const flush = () => new Promise<void>((r) => setImmediate(r));
  return { read, pending, started: () => count, flush };
}

describe('sharedReading', () => {
  it('reads once for a caller alone, and again for a later one', async () => {
    const m = manualReadings();
    const catchUp = sharedReading(m.read);
    const first = catchUp();
    m.pending[0].resolve();
    await first;
    const second = catchUp();
    expect(m.started()).toBe(2);
    m.pending[1].resolve();
    await second;
  });

  it('callers during a reading share the one reading after it: no reading per caller', async () => {
    const m = manualReadings();
    const catchUp = sharedReading(m.read);
    const settled: string[] = [];
    const first = catchUp().then(() => settled.push('first'));
    const waiting = [catchUp(), catchUp(), catchUp()].map((p, i) =>
      p.then(() => settled.push(`waiter ${i}`)),
    );
    expect(m.started()).toBe(1);
    m.pending[0].resolve();
    await m.flush();
    // The first caller is done; the three that came during its reading wait for a reading that
    // began after they asked (it sees what was written after the first looked at the head).
    expect(settled).toEqual(['first']);
    expect(m.started()).toBe(2);
    // A caller during that second reading waits for a third.
    const late = catchUp().then(() => settled.push('late'));
    m.pending[1].resolve();
    await Promise.all([first, ...waiting]);
    await m.flush();
    expect(settled.sort()).toEqual(['first', 'waiter 0', 'waiter 1', 'waiter 2']);
    expect(m.started()).toBe(3);
    m.pending[2].resolve();
    await late;
    expect(settled).toContain('late');
    expect(m.started()).toBe(3);
  });

  it('callers during a failed reading get its error; the next call reads again', async () => {
    const m = manualReadings();
    const catchUp = sharedReading(m.read);
    const first = catchUp();
    const during = catchUp();
    m.pending[0].reject(new Error('disk gone'));
    await expect(first).rejects.toThrow('disk gone');
    await expect(during).rejects.toThrow('disk gone');
    const later = catchUp();
    expect(m.started()).toBe(2);
    const duringLater = catchUp(); // waits for a reading after `later`'s, not the failed one's error
    m.pending[1].resolve();
    await expect(later).resolves.toBeUndefined();
    await m.flush();
    expect(m.started()).toBe(3);
    m.pending[2].resolve();
    await expect(duringLater).resolves.toBeUndefined();
  });
});
