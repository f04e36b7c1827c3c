import fc from 'fast-check';
import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { HNSD_FUZHONG, WELL_KNOWN_SCHOOLS } from '@ledger/domain/testing/changsha-schools';
import * as audit from '../audit/audit.request.dto';
import * as common from '../commands/dto/common.request.dto';
import * as cooperation from '../commands/dto/cooperation.request.dto';
import * as group from '../commands/dto/group.request.dto';
import * as school from '../commands/dto/school.request.dto';
import * as subject from '../commands/dto/subject.request.dto';
import * as query from '../queries/dto/query.request.dto';
import { compileFlatCheck, compilePatternCheck, createValidationPipe, validationPipeOptions } from './validation';
import { pipeOutcome } from './testing/pipe-outcome';

type Dto = new () => object;
const DTOS = [audit, common, cooperation, group, school, subject, query].flatMap((m) =>
  Object.values(m).filter((v): v is Dto => typeof v === 'function'),
);
const FLAT = DTOS.filter((d) => compilePatternCheck(d) === undefined && compileFlatCheck(d) !== undefined);

const JUNK: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, '', ' ', 'x', '2025-09-01', '2024-02-30', '4301040001', '430104', [], [null], [1, 1], {}, { a: 1 }),
  fc.string({ maxLength: 6 }),
  fc.integer(),
);

function rulesOf(metatype: Dto) {
  return getMetadataStorage().getTargetValidationMetadatas(metatype, '', false, false, undefined);
}

/**
 * Values aimed at one field's rules, read from class-validator's own metadata: `valid` are meant to
 * pass them (the values `@IsIn` allows, alone or as a unique array for `each`; strings matching
 * `@Matches`; strings at `@Length`'s bounds, ASCII and CJK; `@Min`/`@Max` bounds; ISO days that
 * exist; booleans), `near` just miss one (an unknown member, a duplicate, one character too many or
 * too few, a day that does not exist, a number past a bound or a numeric string).
 */
function aimedAt(metatype: Dto, field: string): { valid?: fc.Arbitrary<unknown>; near: fc.Arbitrary<unknown> } {
  const valid: Array<fc.Arbitrary<unknown>> = [];
  const near: Array<fc.Arbitrary<unknown>> = [JUNK];
  for (const r of rulesOf(metatype).filter((rule) => rule.propertyName === field)) {
    const c = (r.constraints ?? []) as unknown[];
    if (r.name === 'isIn') {
      const allowed = c[0] as unknown[];
      if (r.each) valid.push(fc.uniqueArray(fc.constantFrom(...allowed), { minLength: 1, maxLength: allowed.length }));
      else valid.push(fc.constantFrom(...allowed));
      near.push(fc.array(fc.constantFrom(...allowed, 'NOT_ONE'), { maxLength: 5 }), fc.constant('NOT_ONE'));
    } else if (r.name === 'matches' && c[0] instanceof RegExp) {
      // fast-check cannot generate from every pattern (lookaheads): such a field gets no valid value.
      try {
        valid.push(fc.stringMatching(c[0]).filter((v) => v.length < 300));
      } catch {
        near.push(fc.string({ maxLength: 12 }));
      }
    } else if (r.name === 'isLength') {
      const [min, max] = c as [number, number | undefined];
      const text = (n: number) => fc.constantFrom('x'.repeat(n), '长'.repeat(n));
      valid.push(fc.constantFrom(min, min + 1, ...(max !== undefined ? [max - 1, max] : [])).chain(text));
      near.push(fc.constantFrom(...[min - 1, ...(max !== undefined ? [max + 1] : [])].filter((n) => n >= 0)).chain(text));
    } else if (r.name === 'min' || r.name === 'max') {
      const bound = c[0] as number;
      valid.push(fc.constant(bound));
      near.push(fc.constantFrom(r.name === 'min' ? bound - 1 : bound + 1, bound + 0.5, String(bound)));
    } else if (r.name === 'isIsoDay') {
      valid.push(fc.constantFrom('2025-09-01', '2024-02-29'));
      near.push(fc.constantFrom('2023-02-29', '2025-9-1', '2025-09-01T00:00:00Z'));
    } else if (r.name === 'isBoolean') {
      valid.push(fc.boolean());
    } else if (r.name === 'isInt' || r.name === 'isNumber') {
      near.push(fc.integer({ min: -5, max: 200_000 }), fc.double({ noNaN: true, min: -5, max: 200 }));
    }
  }
  return { valid: valid.length ? fc.oneof(...valid) : undefined, near: fc.oneof(...near) };
}

/**
 * A body for `metatype`: every field with a value meant to pass (optional ones sometimes absent),
 * then (half of the time) one to three changes: a field given a near or junk value, a field dropped, a key added
 * that the class does not have.
 */
function bodyFor(metatype: Dto): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.keys(getMetadataStorage().groupByPropertyName(rulesOf(metatype)));
  const aimed = Object.fromEntries(fields.map((f) => [f, aimedAt(metatype, f)]));
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of fields) shape[f] = aimed[f].valid ?? aimed[f].near;
  const change = fc.oneof(
    fc.constantFrom(...fields).chain((f) => aimed[f].near.map((v) => ({ kind: 'set' as const, f, v }))),
    fc.constantFrom(...fields).map((f) => ({ kind: 'drop' as const, f, v: undefined })),
    fc.tuple(fc.constantFrom('x', 'constructor', 'toString'), JUNK).map(([f, v]) => ({ kind: 'set' as const, f, v })),
  );
  return fc
    .tuple(
      fc.record(shape, { requiredKeys: [] }),
      fc.record(shape),
      fc.boolean(),
      fc.oneof(fc.constant([]), fc.array(change, { minLength: 1, maxLength: 3 })),
    )
    .map(([some, all, whole, changes]) => {
      const body: Record<string, unknown> = { ...(whole ? all : some) };
      for (const c of changes) {
        if (c.kind === 'drop') delete body[c.f];
        else body[c.f] = c.v;
      }
      return body;
    });
}

describe('compiled answers of flat DTOs (ADR 0141)', () => {
  it('finds the flat command bodies, the hot ones among them', () => {
    expect(FLAT).toEqual(
      expect.arrayContaining([
        school.RegisterSchoolRequestDto,
        cooperation.DispatchTeacherRequestDto,
        cooperation.ChargeCooperationFeeRequestDto,
        cooperation.ProposeCooperationRequestDto,
      ]),
    );
    // Not flat: nested documents or authorities (class-transformer builds their classes).
    expect(compileFlatCheck(group.FormGroupRequestDto)).toBeUndefined();
    expect(compileFlatCheck(cooperation.SignContractRequestDto)).toBeUndefined();
  });

  it('answers every value of a flat DTO as the whole pipe does, and answers the accepted ones itself', async () => {
    const ours = createValidationPipe();
    const reference = new ValidationPipe(validationPipeOptions());
    const compiledAccepted = new Map<Dto, number>();
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FLAT).chain((metatype) => fc.tuple(fc.constant(metatype), bodyFor(metatype))),
        fc.constantFrom<ArgumentMetadata['type']>('body', 'query'),
        async ([metatype, body], type) => {
          const metadata: ArgumentMetadata = { type, metatype };
          const expected = await pipeOutcome(reference, structuredClone(body), metadata);
          const first = await pipeOutcome(ours, structuredClone(body), metadata);
          const again = await pipeOutcome(ours, structuredClone(body), metadata);
          expect(first).toEqual(expected);
          expect(again).toEqual(expected);
          const compiled = compileFlatCheck(metatype)!(structuredClone(body));
          if (compiled !== undefined) {
            // The compiled path never accepts what the pipe refuses, and builds what it builds.
            expect(expected.ok).toBe(true);
            expect({ ok: true, proto: Object.getPrototypeOf(compiled) as unknown, value: { ...compiled } }).toEqual(expected);
            compiledAccepted.set(metatype, (compiledAccepted.get(metatype) ?? 0) + 1);
          }
          if (!expected.ok) refused += 1;
        },
      ),
      { numRuns: 3000 },
    );

    // Both sides were exercised: refusals, and compiled answers for most flat DTOs.
    expect(refused).toBeGreaterThan(300);
    expect(compiledAccepted.get(school.RegisterSchoolRequestDto) ?? 0).toBeGreaterThan(0);
    expect(compiledAccepted.size).toBeGreaterThan(FLAT.length / 2);
  });

  it('answers a valid school registration itself, a new instance with its own arrays', () => {
    const check = compileFlatCheck(school.RegisterSchoolRequestDto)!;
    const body = { ...WELL_KNOWN_SCHOOLS[HNSD_FUZHONG], stages: ['JUNIOR', 'SENIOR'], occurredOn: '2025-09-01' };
    const entity = check(body) as school.RegisterSchoolRequestDto;
    expect(entity).toBeInstanceOf(school.RegisterSchoolRequestDto);
    expect({ ...entity }).toEqual(body);
    expect(entity.stages).not.toBe(body.stages);
    // One rule failing, an unknown key, a nested object, a hidden key: left to the whole pipe.
    expect(check({ ...body, stages: ['JUNIOR', 'JUNIOR'] })).toBeUndefined();
    expect(check({ ...body, occurredOn: '2025-02-30' })).toBeUndefined();
    expect(check({ ...body, extra: 1 })).toBeUndefined();
    expect(check({ ...body, name: { zh: '一中' } })).toBeUndefined();
    const hidden = { ...body };
    Object.defineProperty(hidden, 'name', { value: '一中', enumerable: false });
    expect(check(hidden)).toBeUndefined();
  });
});
