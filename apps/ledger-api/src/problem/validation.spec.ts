import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { RecordApprovalDecisionRequestDto } from '../commands/dto/cooperation.request.dto';
import { flattenValidationErrors } from './validation';

describe('flattenValidationErrors', () => {
  it('names nested fields with their full path', () => {
    const dto = plainToInstance(RecordApprovalDecisionRequestDto, {
      authority: { kind: 'DISTRICT_BUREAU' },
      decision: 'GRANTED',
      documentNo: 'x',
      applicants: ['4301030001', { kind: 'OTHER' }],
    });
    const paths = flattenValidationErrors(
      validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }),
    ).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['authority.districtCode', 'applicants[1].authority.name']));
    expect(paths).not.toContain('applicants[0].schoolId');
  });
});
