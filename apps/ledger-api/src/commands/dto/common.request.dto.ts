import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { AUTHORITY_KINDS, DOCUMENT_KINDS, type AuthorityKind, type DocumentKind } from '@ledger/domain';
import { DISTRICT_CODE, IsAbsentWhen, IsIsoDay, SCHOOL_ID, SHA256_HEX, SUBJECT_ID, UUID } from './validators';

const DISTRICT_KINDS: readonly string[] = ['DISTRICT_BUREAU', 'DISTRICT_GOVERNMENT'];

/** 发文机关 · an authority: city/district bureau or government, or another body by name. */
export class AuthorityDto {
  @ApiProperty({ enum: AUTHORITY_KINDS, example: 'CITY_BUREAU' })
  @IsIn(AUTHORITY_KINDS)
  kind!: AuthorityKind;

  @ApiPropertyOptional({
    example: '430104',
    description: 'required for DISTRICT_BUREAU and DISTRICT_GOVERNMENT',
  })
  @ValidateIf((o: AuthorityDto) => DISTRICT_KINDS.includes(o.kind) || o.districtCode !== undefined)
  @Matches(DISTRICT_CODE, {
    message: 'districtCode must be a 6-digit district code (required for district authorities)',
  })
  districtCode?: string;

  @ApiPropertyOptional({ example: '湘潭市教育局', description: 'required for OTHER' })
  @ValidateIf((o: AuthorityDto) => o.kind === 'OTHER' || o.name !== undefined)
  @IsString()
  @Length(1, 200)
  name?: string;
}

/** A document reference: the ledger keeps its SHA-256 digest, not the file. */
export class DocumentDto {
  @ApiProperty({ enum: DOCUMENT_KINDS, example: 'CONTRACT' })
  @IsIn(DOCUMENT_KINDS)
  kind!: DocumentKind;

  @ApiProperty({
    example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    description: 'lower-case hex SHA-256',
  })
  @Matches(SHA256_HEX, { message: 'sha256 must be 64 lower-case hex digits' })
  sha256!: string;

  @ApiPropertyOptional({ example: '合作办学协议' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  title?: string;
}

/** An applicant for an approval: a school (10-digit id) or an authority. */
export class ApplicantDto {
  @ApiPropertyOptional({ example: '4301040001' })
  @ValidateIf((o: ApplicantDto) => o.authority === undefined || o.schoolId !== undefined)
  @Matches(SCHOOL_ID, { message: 'schoolId must be a 10-digit school identification code' })
  schoolId?: string;

  @ApiPropertyOptional({ type: () => AuthorityDto })
  @IsOptional()
  @IsAbsentWhen('schoolId')
  @IsObject()
  @ValidateNested()
  @Type(() => AuthorityDto)
  authority?: AuthorityDto;
}

/** Accepts `"4301040001"`, `{ kind, … }` (an authority) or `{ schoolId }` / `{ authority }`. */
export const toApplicants = Transform(({ value }: { value: unknown }) =>
  Array.isArray(value)
    ? value.map((item: unknown) => {
        if (typeof item === 'string') return plainToInstance(ApplicantDto, { schoolId: item });
        if (item !== null && typeof item === 'object' && 'kind' in item)
          return plainToInstance(ApplicantDto, { authority: item });
        return item !== null && typeof item === 'object' ? plainToInstance(ApplicantDto, item) : item;
      })
    : value,
);

/** Every command body: the day the fact took effect (valid time). */
export class CommandBodyDto {
  @ApiPropertyOptional({ example: '2024-09-01', description: 'ISO day the fact took effect; default today' })
  @IsOptional()
  @IsIsoDay()
  occurredOn?: string;
}

export class SchoolIdParams {
  @ApiProperty({ example: '4301040001', description: '10-digit 学校标识码' })
  @Matches(SCHOOL_ID, { message: 'id must be a 10-digit school identification code' })
  id!: string;
}

export class SubjectIdParams {
  @ApiProperty({ example: 'g-yali' })
  @Matches(SUBJECT_ID, { message: 'id must be 1–64 letters, digits, "_" or "-"' })
  id!: string;
}

export class EventIdParams {
  @ApiProperty({ example: '3f1c9a56-8d0e-4c4b-9a43-0e2f0d2a1b77' })
  @Matches(UUID, { message: 'eventId must be a UUID' })
  eventId!: string;
}

export class CommandQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'true: return the findings the event would raise, write nothing',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';
}

/** For arrays of school ids. */
export const SCHOOL_ID_EACH = {
  each: true,
  message: 'each entry must be a 10-digit school identification code',
};
