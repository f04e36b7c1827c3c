import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import {
  ADMINISTRATIONS,
  BRAND_ELEMENTS,
  BRAND_PURPOSES,
  GOVERNANCE_FIELDS,
  OWNERSHIPS,
  STAGES,
  type Administration,
  type BrandElement,
  type BrandPurpose,
  type GovernanceField,
  type Ownership,
  type Stage,
} from '@ledger/domain';
import { AuthorityDto, CommandBodyDto } from './common.request.dto';
import { DISTRICT_CODE, SCHOOL_ID, SUBJECT_ID } from './validators';

/** POST /schools → SchoolRegistered */
export class RegisterSchoolRequestDto extends CommandBodyDto {
  @ApiProperty({ example: '4301040001', description: '10-digit 学校标识码' })
  @Matches(SCHOOL_ID, { message: 'schoolId must be a 10-digit school identification code' })
  schoolId!: string;

  @ApiProperty({ example: '长沙市雅礼中学' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: STAGES, isArray: true, example: ['JUNIOR', 'SENIOR'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsIn(STAGES, { each: true })
  stages!: Stage[];

  @ApiProperty({ enum: OWNERSHIPS, example: 'PUBLIC' })
  @IsIn(OWNERSHIPS)
  ownership!: Ownership;

  @ApiProperty({ enum: ADMINISTRATIONS, example: 'CITY_DIRECT' })
  @IsIn(ADMINISTRATIONS)
  administration!: Administration;

  @ApiProperty({ example: '430103', description: '6-digit 行政区划代码 of the school location' })
  @Matches(DISTRICT_CODE, { message: 'districtCode must be a 6-digit district code' })
  districtCode!: string;

  @ApiProperty({ example: true })
  @IsBoolean()
  inChangsha!: boolean;

  @ApiProperty({ example: false, description: '中外合作办学' })
  @IsBoolean()
  sinoForeign!: boolean;
}

/** …/lead-designations → SchoolDesignatedLead */
export class DesignateLeadRequestDto extends CommandBodyDto {
  @ApiProperty({ example: '长教通〔2021〕12号' })
  @IsString()
  @Length(1, 100)
  documentNo!: string;
}

/** …/governance-changes → SchoolGovernanceChanged */
export class RecordGovernanceChangeRequestDto extends CommandBodyDto {
  @ApiProperty({ enum: GOVERNANCE_FIELDS, example: 'LEGAL_REPRESENTATIVE' })
  @IsIn(GOVERNANCE_FIELDS)
  field!: GovernanceField;

  @ApiPropertyOptional({ example: 'g-yali' })
  @IsOptional()
  @Matches(SUBJECT_ID, { message: 'attributedToGroupId must be a group id' })
  attributedToGroupId?: string;

  @ApiPropertyOptional({ example: '法定代表人由集团总校长兼任' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  description?: string;
}

/** …/branch-campuses → BranchCampusEstablished */
export class EstablishBranchCampusRequestDto extends CommandBodyDto {
  @ApiProperty({ example: '雅礼中学梅溪湖校区' })
  @IsString()
  @Length(1, 200)
  branchName!: string;

  @ApiProperty({ type: () => AuthorityDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AuthorityDto)
  establishedBy!: AuthorityDto;
}

/** …/brand-withdrawals → BrandWithdrawn */
export class WithdrawBrandRequestDto extends CommandBodyDto {
  @ApiProperty({ example: '4301030001', description: 'the school whose brand is used' })
  @Matches(SCHOOL_ID, { message: 'brandOwnerSchoolId must be a 10-digit school identification code' })
  brandOwnerSchoolId!: string;

  @ApiProperty({ enum: BRAND_ELEMENTS, isArray: true, example: ['NAME', 'EMBLEM'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsIn(BRAND_ELEMENTS, { each: true })
  elements!: BrandElement[];
}

/** …/brand-usages → BrandUsageRecorded */
export class RecordBrandUsageRequestDto extends WithdrawBrandRequestDto {
  @ApiProperty({ enum: BRAND_PURPOSES, example: 'GENERAL' })
  @IsIn(BRAND_PURPOSES)
  purpose!: BrandPurpose;
}
