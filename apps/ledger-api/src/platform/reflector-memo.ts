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
  // The guards ask eight times per request for the same route: the last (handler, class) pair's
  // answers are kept at hand, so only the first look-up of a request goes through the WeakMaps
  // (ADR 0126). Indexing, not destructuring: no array iterator per call.
  const none = {};
  let lastHandler: unknown = none;
  let lastClass: unknown = none;
  let lastByKey: Map<string | symbol, unknown> | undefined;
  (wrapped as { getAllAndOverride: unknown }).getAllAndOverride = (key: unknown, targets: unknown[]): unknown => {
    if (targets?.length !== 2 || (typeof key !== 'string' && typeof key !== 'symbol'))
      return getAllAndOverride(key, targets);
    const handler: unknown = targets[0];
    const classRef: unknown = targets[1];
    let byKey: Map<string | symbol, unknown> | undefined;
    if (handler === lastHandler && classRef === lastClass) byKey = lastByKey!;
    else {
      if (typeof handler !== 'function' || typeof classRef !== 'function') return getAllAndOverride(key, targets);
      let byClass = memo.get(handler);
      if (!byClass) memo.set(handler, (byClass = new WeakMap()));
      byKey = byClass.get(classRef);
      if (!byKey) byClass.set(classRef, (byKey = new Map()));
      lastHandler = handler;
      lastClass = classRef;
      lastByKey = byKey;
    }
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
