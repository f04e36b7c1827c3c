import fc from 'fast-check';
import { Controller, Get, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SkipThrottle, Throttle } from '@nestjs/throttler';
import { AuditController } from '../audit/audit.controller';
import { Public, PUBLIC_KEY, Roles, ROLES_KEY } from '../auth/roles.decorator';
import { SchoolCommandsController } from '../commands/school-commands.controller';
import { HealthController } from '../health/health.controller';
import { SubjectQueriesController } from '../queries/subject-queries.controller';
import { StreamController } from '../queries/stream.controller';
import { memoizedReflector } from './reflector-memo';

@Public()
@Controller('a')
class PublicByClass {
  @Get() open() {}
  @Roles('admin') @SkipThrottle() @Throttle({ default: { limit: 2, ttl: 1000 } }) @Get('x') strict() {}
}

/** The same handler seen with two classes (inheritance): answers must not be mixed up. */
@SetMetadata(ROLES_KEY, ['auditor'])
@Controller('b')
class Inherits extends PublicByClass {}

const CLASSES: Array<new (...args: never[]) => object> = [
  PublicByClass,
  Inherits,
  AuditController,
  SchoolCommandsController,
  HealthController,
  SubjectQueriesController,
  StreamController,
];
const ROUTES = CLASSES.flatMap((c) =>
  Object.getOwnPropertyNames(c.prototype)
    .filter((n) => n !== 'constructor' && typeof (c.prototype as Record<string, unknown>)[n] === 'function')
    .map((n) => ({ handler: (c.prototype as Record<string, () => void>)[n], classRef: c })),
).concat([{ handler: PublicByClass.prototype.strict, classRef: Inherits }]);
const KEYS = [PUBLIC_KEY, ROLES_KEY, 'THROTTLER:SKIPdefault', 'THROTTLER:LIMITdefault', 'THROTTLER:TTLdefault', 'nothing'];

describe('memoizedReflector (ADR 0122)', () => {
  it('answers what the reflector answers, for every route and key, again and again', () => {
    const plain = new Reflector();
    const memo = memoizedReflector(plain);
    fc.assert(
      fc.property(fc.constantFrom(...ROUTES), fc.constantFrom(...KEYS), ({ handler, classRef }, key) => {
        const expected = plain.getAllAndOverride<unknown>(key, [handler, classRef]);
        expect(memo.getAllAndOverride(key, [handler, classRef])).toEqual(expected);
        expect(memo.getAllAndOverride(key, [handler, classRef])).toEqual(expected);
        expect(memo.getAllAndOverride(key, [classRef, handler])).toEqual(plain.getAllAndOverride(key, [classRef, handler]));
      }),
      { numRuns: 500 },
    );
    expect(memo.getAllAndOverride(PUBLIC_KEY, [PublicByClass.prototype.open, PublicByClass])).toBe(true);
    expect(memo.getAllAndOverride(ROLES_KEY, [PublicByClass.prototype.open, Inherits])).toEqual(['auditor']);
    expect(memo.get(PUBLIC_KEY, PublicByClass)).toBe(true);
  });

  it('sends targets that are not a (handler, class) pair to the reflector, before and after a memoised answer', () => {
    const plain = new Reflector();
    const memo = memoizedReflector(plain);
    // reflect-metadata refuses undefined targets: the memo must refuse them the same way, not
    // answer from the last pair it saw.
    const odd = [undefined, undefined] as unknown as Array<() => void>;
    expect(() => plain.getAllAndOverride(ROLES_KEY, odd)).toThrow(TypeError);
    expect(() => memo.getAllAndOverride(ROLES_KEY, odd)).toThrow(TypeError);
    expect(memo.getAllAndOverride(ROLES_KEY, [PublicByClass.prototype.open, Inherits])).toEqual(['auditor']);
    expect(() => memo.getAllAndOverride(ROLES_KEY, odd)).toThrow(TypeError);
    expect(memo.getAllAndOverride(ROLES_KEY, [PublicByClass.prototype.open])).toEqual(
      plain.getAllAndOverride(ROLES_KEY, [PublicByClass.prototype.open]),
    );
  });
});
