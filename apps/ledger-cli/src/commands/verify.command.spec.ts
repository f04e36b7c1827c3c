import { InvalidArgumentError } from 'commander';
import { defaultVerifyThreads, parseThreads } from './verify.command';

describe('ledger-cli verify --threads', () => {
  it('takes 0 (the main thread) to 64 and names a bad value', () => {
    expect(parseThreads('0')).toBe(0);
    expect(parseThreads(' 8 ')).toBe(8);
    expect(parseThreads('64')).toBe(64);
    for (const bad of ['65', '-1', '2.5', 'two', '']) {
      expect(() => parseThreads(bad)).toThrow(InvalidArgumentError);
      expect(() => parseThreads(bad)).toThrow(`expected 0…64 threads, got "${bad}"`);
    }
  });

  it('defaults to one thread per core, at most 8', () => {
    expect([1, 2, 3, 8, 32].map((cores) => defaultVerifyThreads(cores))).toEqual([1, 2, 3, 8, 8]);
  });
});
