import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CommandBodyDto, DocumentDto } from './common.request.dto';
import { SCHOOL_ID, SUBJECT_ID } from './validators';

export class SpunOffFromDto {
  @ApiProperty({ example: 'g-yali' })
  @Matches(SUBJECT_ID, { message: 'groupId must be 1–64 letters, digits, "_" or "-"' })
  groupId!: string;

  @ApiProperty({ example: '4301030001' })
  @Matches(SCHOOL_ID, { message: 'leadSchoolId must be a 10-digit school identification code' })
  leadSchoolId!: string;
}

/** POST /groups → GroupFormed */
export class FormGroupRequestDto extends CommandBodyDto {
  @ApiPropertyOptional({ example: 'g-yali', description: 'generated when absent' })
  @IsOptional()
  @Matches(SUBJECT_ID, { message: 'groupId must be 1–64 letters, digits, "_" or "-"' })
  groupId?: string;

  @ApiProperty({ example: '雅礼教育集团' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: '4301030001' })
  @Matches(SCHOOL_ID, { message: 'leadSchoolId must be a 10-digit school identification code' })
  leadSchoolId!: string;

  @ApiPropertyOptional({ type: () => SpunOffFromDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SpunOffFromDto)
  spunOffFrom?: SpunOffFromDto;
}

/** …/charters → CharterAdopted; …/development-plans → DevelopmentPlanAdopted */
export class AdoptDocumentRequestDto extends CommandBodyDto {
  @ApiProperty({ type: () => DocumentDto })
  @IsObject()
  @ValidateNested()
  @Type(() => DocumentDto)
  document!: DocumentDto;
}

/** …/joint-exams → JointExamHeld */
export class HoldJointExamRequestDto extends CommandBodyDto {
  @ApiProperty({ example: ['4301030001', '4301040001'], description: 'participating schools (10-digit ids)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @Matches(SCHOOL_ID, {
    each: true,
    message: 'each participant must be a 10-digit school identification code',
  })
  participants!: string[];

  @ApiPropertyOptional({ example: '2024年秋季期中联考' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  title?: string;
}

/** …/direct-promotion-plans → DirectPromotionPlanPublished */
export class PublishDirectPromotionPlanRequestDto extends CommandBodyDto {
  @ApiProperty({ example: 2025 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  enrolmentYear!: number;

  @ApiProperty({ example: 50 })
  @IsInt()
  @Min(0)
  @Max(100000)
  quota!: number;
}

export class EvaluationScoresDto {
  @ApiProperty({ example: 88 })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  schoolDevelopment!: number;
  @ApiProperty({ example: 85 })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  teacherDevelopment!: number;
  @ApiProperty({ example: 90 })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  studentDevelopment!: number;
  @ApiProperty({ example: 86 })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  socialRecognition!: number;
  @ApiProperty({ example: 80 })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  developmentPotential!: number;
}

/** …/evaluations → GroupEvaluated */
export class EvaluateGroupRequestDto extends CommandBodyDto {
  @ApiProperty({ example: '2021-2023', description: 'the evaluated period' })
  @IsString()
  @Length(1, 50)
  period!: string;

  @ApiProperty({ type: () => EvaluationScoresDto })
  @IsObject()
  @ValidateNested()
  @Type(() => EvaluationScoresDto)
  scores!: EvaluationScoresDto;

  @ApiProperty({ example: '长沙市教育督导评估中心' })
  @IsString()
  @Length(1, 200)
  evaluator!: string;

  @ApiProperty({ type: () => DocumentDto })
  @IsObject()
  @ValidateNested()
  @Type(() => DocumentDto)
  report!: DocumentDto;
}

/** …/dissolution → GroupDissolved */
export class DissolveGroupRequestDto extends CommandBodyDto {
  @ApiPropertyOptional({ example: '集团重组' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reason?: string;
}
