import type { OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

/** What @nestjs/throttler's storage answers for one hit. */
export interface ThrottlerHit {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

interface KeyRecord {
  expiresAt: number;
  blockExpiresAt: number;
  isBlocked: boolean;
  /** Per throttler name: when each hit of the window expires, oldest first, from `head` on. */
  hits: Map<string, { at: number[]; head: number }>;
}

const SWEEP_INTERVAL_MS = 60_000;

/**
 * The throttler's in-memory storage, with the semantics of @nestjs/throttler 6's
 * `ThrottlerStorageService` (a sliding log of hits per key and throttler, a block of
 * `blockDuration` once the limit is passed, idle keys swept every minute), but O(1) amortised per
 * hit: the library's storage filters every hit of the window on every request, so with a high
 * LEDGER_RATE_LIMIT each request paid for all the others of the last minute (ADR 0116). Hits
 * expire in the order they were made (now + the same ttl), so the expired ones are always the
 * oldest: a queue with a moving head replaces the filter. Written here because the library
 * offers no other in-memory storage; the Redis ones would add a server.
 */
export class HitQueueThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly records = new Map<string, KeyRecord>();
  private sweep?: NodeJS.Timeout;

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerHit> {
    return Promise.resolve(this.hit(key, ttl, limit, blockDuration, throttlerName, Date.now()));
  }

  /** One hit at `now` (the library's `increment`, step by step). */
  hit(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
    now: number,
  ): ThrottlerHit {
    this.ensureSweep();
    let record = this.records.get(key);
    if (!record) {
      record = { expiresAt: now + ttl, blockExpiresAt: 0, isBlocked: false, hits: new Map() };
      this.records.set(key, record);
    }
    let hits = record.hits.get(throttlerName);
    if (!hits) {
      hits = { at: [], head: 0 };
      record.hits.set(throttlerName, hits);
    }
    prune(hits, now);
    let timeToExpire = Math.ceil((record.expiresAt - now) / 1000);
    if (timeToExpire <= 0) {
      record.expiresAt = now + ttl;
      timeToExpire = Math.ceil((record.expiresAt - now) / 1000);
    }
    if (blockDuration <= 0) {
      const isBlocked = live(hits) >= limit;
      if (!isBlocked) hits.at.push(now + ttl);
      const timeToBlockExpire = live(hits) > 0 ? Math.ceil((hits.at[hits.head] - now) / 1000) : timeToExpire;
      return {
        totalHits: live(hits) + (isBlocked ? 1 : 0),
        timeToExpire,
        isBlocked,
        timeToBlockExpire: isBlocked ? timeToBlockExpire : 0,
      };
    }
    if (!record.isBlocked) hits.at.push(now + ttl);
    if (live(hits) > limit && !record.isBlocked) {
      record.isBlocked = true;
      record.blockExpiresAt = now + blockDuration;
    }
    const timeToBlockExpire = Math.ceil((record.blockExpiresAt - now) / 1000);
    if (timeToBlockExpire <= 0 && record.isBlocked) {
      record.isBlocked = false;
      hits.at = [now + ttl];
      hits.head = 0;
    }
    return { totalHits: live(hits), timeToExpire, isBlocked: record.isBlocked, timeToBlockExpire };
  }

  /** Forgets keys with no live hit, no running window and no block (the library's sweep). */
  evictIdle(now = Date.now()): void {
    for (const [key, record] of this.records) {
      if (record.isBlocked && record.blockExpiresAt > now) continue;
      if (record.expiresAt > now) continue;
      let liveHits = false;
      for (const hits of record.hits.values()) {
        prune(hits, now);
        if (live(hits) > 0) liveHits = true;
      }
      if (!liveHits) this.records.delete(key);
    }
  }

  get size(): number {
    return this.records.size;
  }

  onApplicationShutdown(): void {
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = undefined;
    this.records.clear();
  }

  private ensureSweep(): void {
    if (this.sweep) return;
    this.sweep = setInterval(() => this.evictIdle(), SWEEP_INTERVAL_MS);
    this.sweep.unref();
  }
}

function live(hits: { at: number[]; head: number }): number {
  return hits.at.length - hits.head;
}

/** Drops the hits that expired by `now` (the oldest ones); compacts once half the array is dead. */
function prune(hits: { at: number[]; head: number }, now: number): void {
  const at = hits.at;
  let head = hits.head;
  while (head < at.length && at[head] <= now) head++;
  if (head === at.length) {
    hits.at = [];
    hits.head = 0;
  } else if (head > 1024 && head * 2 > at.length) {
    hits.at = at.slice(head);
    hits.head = 0;
  } else {
    hits.head = head;
  }
}
