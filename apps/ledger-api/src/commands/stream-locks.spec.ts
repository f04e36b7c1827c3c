import { StreamLocks } from './stream-locks';

describe('StreamLocks', () => {
  it('runs work on one stream one at a time, in arrival order, even when some fail', async () => {
    const locks = new StreamLocks();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = locks.run('s', async () => {
      log.push('first:start');
      await gate;
      log.push('first:end');
      throw new Error('boom');
    });
    const second = locks.run('s', async () => {
      log.push('second');
      return 2;
    });
    const other = locks.run('t', async () => {
      log.push('other');
      return 3;
    });
    await expect(other).resolves.toBe(3);
    expect(log).toEqual(['first:start', 'other']);
    release();
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe(2);
    expect(log).toEqual(['first:start', 'other', 'first:end', 'second']);
  });
});
