import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';

/**
 * `reflector` with `getAllAndOverride(key, [handler, class])` memoised per key, handler and class
 * (ADR 0122). A route's metadata is written by its decorators when its module loads, so the answer
 * never changes; the global guards asked reflect-metadata for it (a walk of the prototype chain per
 * key) on every request, eight times between them. Other calls go to `reflector` itself.
 */
export function memoizedReflector(reflector: Reflector): Reflector {
  const memo = new WeakMap<object, WeakMap<object, Map<string | symbol, unknown>>>();
  const wrapped = Object.create(reflector) as Reflector;
  const getAllAndOverride = reflector.getAllAndOverride.bind(reflector) as (key: unknown, targets: unknown[]) => unknown;
  (wrapped as { getAllAndOverride: unknown }).getAllAndOverride = (key: unknown, targets: unknown[]): unknown => {
    const [handler, classRef] = targets ?? [];
    if (
      targets?.length !== 2 ||
      typeof handler !== 'function' ||
      typeof classRef !== 'function' ||
      (typeof key !== 'string' && typeof key !== 'symbol')
    )
      return getAllAndOverride(key, targets);
    let byClass = memo.get(handler);
    if (!byClass) memo.set(handler, (byClass = new WeakMap()));
    let byKey = byClass.get(classRef);
    if (!byKey) byClass.set(classRef, (byKey = new Map()));
    if (byKey.has(key)) return byKey.get(key);
    const answer = getAllAndOverride(key, targets);
    byKey.set(key, answer);
    return answer;
  };
  return wrapped;
}

/** @nestjs/throttler's guard, unchanged but for its route metadata look-ups, memoised (ADR 0122). */
@Injectable()
export class LedgerThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storageService: ThrottlerStorage,
    reflector: Reflector,
  ) {
    super(options, storageService, memoizedReflector(reflector));
  }
}
