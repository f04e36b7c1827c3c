import fc from 'fast-check';
import { plainToInstance } from 'class-transformer';
import { commandDataOf, plainJson } from './command-data';
import { RegisterSchoolRequestDto } from './dto/school.request.dto';
import { requestHash, requestHashOfPlain } from './idempotency';

/** The command data as it was built before ADR 0124: its own JSON round trip of the body. */
function commandDataBefore(subject: { type: 'school' | 'group' | 'cooperation'; id: string }, body: object, omit: string[] = []) {
  const idField = { school: 'schoolId', group: 'groupId', cooperation: 'cooperationId' }[subject.type];
  const { occurredOn: _o, ...rest } = JSON.parse(JSON.stringify(body ?? {})) as Record<string, unknown>;
  const data: Record<string, unknown> = { [idField]: subject.id, ...rest };
  for (const key of omit) delete data[key];
  return data;
}

const json = fc.jsonValue({ maxDepth: 3 });
const body = fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(json, fc.constant(undefined)), { maxKeys: 8 });
const subject = fc.record({ type: fc.constantFrom('school' as const, 'group' as const, 'cooperation' as const), id: fc.string({ minLength: 1 }) });

describe('one plain copy of the body for the command data and the request hash (ADR 0124)', () => {
  it('gives the command data and the hash of separate copies, for any body, and leaves the copy unchanged', () => {
    fc.assert(
      fc.property(subject, body, fc.boolean(), fc.subarray(['schoolId', 'groupId', 'name', 'occurredOn']), (s, b, withDate, omit) => {
        const input = withDate ? { ...b, occurredOn: '2025-09-01' } : b;
        const plain = plainJson(input);
        const snapshot = JSON.stringify(plain);
        const data = commandDataOf(s, plain, omit);
        expect(data).toStrictEqual(commandDataBefore(s, input, omit));
        expect(Object.keys(data)).toEqual(Object.keys(commandDataBefore(s, input, omit)));
        expect(requestHashOfPlain('POST /x', { id: s.id }, plain)).toBe(requestHash('POST /x', { id: s.id }, input));
        expect(JSON.stringify(plain)).toBe(snapshot);
      }),
    );
  });

  it('does so for a validated DTO instance (class-transformer), undefined fields included', () => {
    const dto = plainToInstance(RegisterSchoolRequestDto, {
      schoolId: '4301020001',
      name: '长沙市第1中学',
      stages: ['JUNIOR', 'SENIOR'],
      ownership: 'PUBLIC',
      administration: 'DISTRICT',
      districtCode: '430104',
      inChangsha: true,
      sinoForeign: false,
      occurredOn: '2025-09-01',
    });
    const plain = plainJson(dto);
    const s = { type: 'school' as const, id: dto.schoolId };
    expect(commandDataOf(s, plain)).toStrictEqual(commandDataBefore(s, dto));
    expect(requestHashOfPlain('POST /schools', {}, plain)).toBe(requestHash('POST /schools', {}, dto));
  });
});
