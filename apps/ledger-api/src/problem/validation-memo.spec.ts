import fc from 'fast-check';
import { plainToInstance } from 'class-transformer';
import { IsString, MetadataStorage, getMetadataStorage, validateSync } from 'class-validator';
import * as audit from '../audit/audit.request.dto';
import * as common from '../commands/dto/common.request.dto';
import * as cooperation from '../commands/dto/cooperation.request.dto';
import * as group from '../commands/dto/group.request.dto';
import * as school from '../commands/dto/school.request.dto';
import * as subject from '../commands/dto/subject.request.dto';
import * as query from '../queries/dto/query.request.dto';
import { memoizeValidationMetadata } from './validation';

const DTOS = [audit, common, cooperation, group, school, subject, query].flatMap((m) =>
  Object.values(m).filter((v): v is new () => object => typeof v === 'function'),
);

/** A storage holding the same rules as the process's one, never memoised: the reference. */
function referenceStorage(): MetadataStorage {
  const shared = getMetadataStorage();
  const fresh = new MetadataStorage();
  for (const dto of DTOS)
    for (const m of shared.getTargetValidationMetadatas(dto, '', false, false)) fresh.addValidationMetadata(m);
  return fresh;
}

describe('memoizeValidationMetadata', () => {
  it('answers what the unmemoised storage answers, for every DTO and option, again and again', () => {
    const reference = referenceStorage();
    const memoised = referenceStorage();
    memoizeValidationMetadata(memoised);
    fc.assert(
      fc.property(fc.constantFrom(...DTOS), fc.boolean(), fc.boolean(), (dto, always, strict) => {
        const a = reference.getTargetValidationMetadatas(dto, '', always, strict);
        const b1 = memoised.getTargetValidationMetadatas(dto, '', always, strict);
        const b2 = memoised.getTargetValidationMetadatas(dto, '', always, strict);
        expect(b1).toEqual(a);
        expect(b2).toBe(b1);
        expect(memoised.groupByPropertyName(b2)).toEqual(reference.groupByPropertyName(a));
      }),
      { numRuns: 200 },
    );
  });

  it('sees a rule registered after a memoised answer', () => {
    const storage = new MetadataStorage();
    memoizeValidationMetadata(storage);
    class Later {
      name?: string;
    }
    expect(storage.getTargetValidationMetadatas(Later, '', false, false)).toEqual([]);
    const before = getMetadataStorage().getTargetValidationMetadatas(Later, '', false, false).length;
    IsString()(Later.prototype, 'name');
    // The decorator wrote to the process's storage; copy its rule into ours as the library would.
    const [rule] = getMetadataStorage().getTargetValidationMetadatas(Later, '', false, false).slice(before);
    storage.addValidationMetadata(rule);
    expect(storage.getTargetValidationMetadatas(Later, '', false, false)).toEqual([rule]);
  });

  it('leaves validation results unchanged on the process storage (POST /schools bodies)', () => {
    const body = fc.record(
      {
        schoolId: fc.oneof(fc.stringMatching(/^\d{10}$/), fc.string()),
        name: fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.integer()),
        stages: fc.array(fc.constantFrom('JUNIOR', 'SENIOR', 'X')),
        ownership: fc.constantFrom('PUBLIC', 'PRIVATE', 'NONE'),
        administration: fc.constantFrom('CITY_DIRECT', 'DISTRICT'),
        districtCode: fc.oneof(fc.constant('430104'), fc.string()),
        inChangsha: fc.oneof(fc.boolean(), fc.constant('yes')),
        sinoForeign: fc.boolean(),
        extra: fc.string(),
      },
      { requiredKeys: [] },
    );
    const opts = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };
    const errorsOf = (b: object) =>
      validateSync(plainToInstance(school.RegisterSchoolRequestDto, b), opts).map((e) => [
        e.property,
        Object.keys(e.constraints ?? {}).sort(),
      ]);
    const samples = fc.sample(body, 200);
    const before = samples.map(errorsOf);
    memoizeValidationMetadata();
    expect(samples.map(errorsOf)).toEqual(before);
  });
});
