import fc from 'fast-check';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { HitQueueThrottlerStorage } from './throttler-storage';

describe('HitQueueThrottlerStorage', () => {
  afterEach(() => jest.restoreAllMocks());

  it("answers every hit as @nestjs/throttler's own storage does (same keys, times, limits)", async () => {
    const hit = fc.record({
      key: fc.constantFrom('a', 'b', 'c'),
      // Mostly small steps (a burst), sometimes past the window or the block.
      dt: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 130_000 })),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(0, 1_000, 60_000),
        fc.constantFrom(1_000, 60_000),
        fc.array(hit, { maxLength: 80 }),
        async (limit, blockDuration, ttl, hits) => {
          let now = 1_700_000_000_000;
          jest.spyOn(Date, 'now').mockImplementation(() => now);
          const theirs = new ThrottlerStorageService();
          const ours = new HitQueueThrottlerStorage();
          try {
            for (const h of hits) {
              now += h.dt;
              const expected = await theirs.increment(h.key, ttl, limit, blockDuration, 'default');
              const actual = await ours.increment(h.key, ttl, limit, blockDuration, 'default');
              expect(actual).toEqual(expected);
            }
          } finally {
            theirs.onApplicationShutdown();
            ours.onApplicationShutdown();
            jest.restoreAllMocks();
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps O(1) work per hit: a long window of hits is counted, then forgotten once expired', () => {
    const storage = new HitQueueThrottlerStorage();
    const t0 = 1_700_000_000_000;
    let last;
    for (let i = 0; i < 5_000; i++) last = storage.hit('k', 60_000, 100_000, 60_000, 'default', t0 + i);
    expect(last).toMatchObject({ totalHits: 5_000, isBlocked: false });
    expect(storage.hit('k', 60_000, 100_000, 60_000, 'default', t0 + 60_000 + 2_500).totalHits).toBe(2_500);
    storage.evictIdle(t0 + 10 * 60_000);
    expect(storage.size).toBe(0);
    storage.onApplicationShutdown();
  });
});
