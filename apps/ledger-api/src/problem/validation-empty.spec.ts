import fc from 'fast-check';
import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import * as audit from '../audit/audit.request.dto';
import * as common from '../commands/dto/common.request.dto';
import * as cooperation from '../commands/dto/cooperation.request.dto';
import * as group from '../commands/dto/group.request.dto';
import * as school from '../commands/dto/school.request.dto';
import * as subject from '../commands/dto/subject.request.dto';
import * as query from '../queries/dto/query.request.dto';
import {
  LedgerValidationPipe,
  compilePatternCheck,
  createValidationPipe,
  isEmptyPlainObject,
  validationPipeOptions,
} from './validation';
import { pipeOutcome } from './testing/pipe-outcome';

const DTOS = [audit, common, cooperation, group, school, subject, query].flatMap((m) =>
  Object.values(m).filter((v): v is new () => object => typeof v === 'function'),
);

/** The empty objects a handler may get: a literal, a bare object, and Fastify's query of a URL without `?`. */
const Bare = function Bare() {} as unknown as new () => object;
Bare.prototype = Object.create(null) as object;
const EMPTY = [() => ({}), () => Object.create(null) as object, () => new Bare()];

describe('LedgerValidationPipe (ADR 0120)', () => {
  it('answers what Nest’s ValidationPipe answers, for every DTO, empty or not, again and again', async () => {
    const ours = createValidationPipe();
    expect(ours).toBeInstanceOf(LedgerValidationPipe);
    const reference = new ValidationPipe(validationPipeOptions());
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...DTOS),
        fc.constantFrom<ArgumentMetadata['type']>('query', 'param', 'body'),
        fc.oneof(
          fc.constantFrom(...EMPTY).map((make) => make()),
          fc.dictionary(fc.constantFrom('minPosition', 'asOf', 'knownAt', 'limit', 'id', 'x'), fc.string(), {
            minKeys: 1,
          }),
        ),
        async (metatype, type, value) => {
          const metadata: ArgumentMetadata = { type, metatype };
          const expected = await pipeOutcome(reference, structuredClone({ ...value }), metadata);
          const first = await pipeOutcome(ours, value, metadata);
          const again = await pipeOutcome(ours, value, metadata);
          expect(first).toEqual(expected);
          expect(again).toEqual(expected);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('answers path-parameter values as the whole pipe does: compiled pattern checks (ADR 0123)', async () => {
    const ours = createValidationPipe();
    const reference = new ValidationPipe(validationPipeOptions());
    // Values aimed at the pattern DTOs: their own fields with matching and non-matching strings,
    // other types, extra and missing keys, and the three kinds of plain object.
    const text = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,70}$/),
      fc.stringMatching(/^\d{8,12}$/),
      fc.string({ maxLength: 8 }),
      fc.constantFrom('', ' a', 'a\n', 'a'.repeat(64), 'a'.repeat(65), '4301020001', '430102000x'),
    );
    const field = fc.oneof(text, fc.integer(), fc.constant(null), fc.constant(['a']));
    const record = fc.oneof(
      fc.dictionary(fc.constantFrom('id', 'schoolId', 'eventId', 'x', '__proto__'), field, { minKeys: 1, maxKeys: 3 }),
      fc.constantFrom('id', 'schoolId', 'eventId').chain((key) => text.map((v) => ({ [key]: v }))),
      fc.uuid().map((eventId) => ({ eventId })),
    );
    const patternDtos = DTOS.filter((d) => compilePatternCheck(d) !== undefined);
    expect(patternDtos).toEqual(expect.arrayContaining([query.SubjectIdParamDto, query.SchoolIdParamDto]));
    let accepted = 0;
    const kinds = [(r: object) => ({ ...r }), (r: object) => Object.assign(Object.create(null) as object, r), (r: object) => Object.assign(new Bare(), r)];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...patternDtos), fc.constantFrom(...DTOS)),
        fc.constantFrom<ArgumentMetadata['type']>('param', 'query', 'body'),
        record,
        fc.constantFrom(...kinds),
        async (metatype, type, r, kind) => {
          const metadata: ArgumentMetadata = { type, metatype };
          const expected = await pipeOutcome(reference, kind(structuredClone(r)), metadata);
          const first = await pipeOutcome(ours, kind(structuredClone(r)), metadata);
          const again = await pipeOutcome(ours, kind(structuredClone(r)), metadata);
          expect(first).toEqual(expected);
          expect(again).toEqual(expected);
          if (first.ok && patternDtos.includes(metatype)) accepted += 1;
        },
      ),
      { numRuns: 600 },
    );
    // The compiled answers were exercised, not only the refusals.
    expect(accepted).toBeGreaterThan(10);
  });

  it('compiles a check only for DTOs whose every rule is a plain @Matches', () => {
    expect(compilePatternCheck(query.SubjectIdParamDto)).toBeDefined();
    expect(compilePatternCheck(query.SchoolIdParamDto)).toBeDefined();
    expect(compilePatternCheck(query.TimeTravelQueryDto)).toBeUndefined();
    expect(compilePatternCheck(query.PageQueryDto)).toBeUndefined();
    expect(compilePatternCheck(school.RegisterSchoolRequestDto)).toBeUndefined();
    const check = compilePatternCheck(query.SubjectIdParamDto)!;
    expect(check({ id: 'g-1' })).toBe(true);
    expect(check({ id: '-g' })).toBe(false);
    expect(check({ id: 'g', x: 'y' })).toBe(false);
    expect(check({})).toBe(false);
    const hidden = {};
    Object.defineProperty(hidden, 'id', { value: 'g-1', enumerable: false });
    expect(check(hidden)).toBe(false);
  });

  it('gives every empty query its own instance: changing one answer does not change the next', async () => {
    const pipe = createValidationPipe();
    const metadata: ArgumentMetadata = { type: 'query', metatype: query.TimeTravelQueryDto };
    const a = (await pipe.transform({}, metadata)) as query.TimeTravelQueryDto;
    a.asOf = '2020-01-01';
    const b = (await pipe.transform({}, metadata)) as query.TimeTravelQueryDto;
    expect(b).toBeInstanceOf(query.TimeTravelQueryDto);
    expect(b).not.toBe(a);
    expect(b.asOf).toBeUndefined();
  });

  it('tells empty objects from others', () => {
    for (const make of EMPTY) expect(isEmptyPlainObject(make())).toBe(true);
    for (const v of [null, undefined, 'x', 1, [], { a: undefined }, new Date(0), Buffer.alloc(0), new Map()])
      expect(isEmptyPlainObject(v)).toBe(false);
  });
});
