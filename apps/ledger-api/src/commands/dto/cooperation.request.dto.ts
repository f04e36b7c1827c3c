import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  COOPERATION_MODES,
  DISPATCH_DIRECTIONS,
  EXIT_REASONS,
  TEACHER_ROLES,
  type CooperationMode,
  type DispatchDirection,
  type ExitReason,
  type TeacherRole,
} from '@ledger/domain';
import { ApplicantDto, AuthorityDto, CommandBodyDto, DocumentDto, toApplicants } from './common.request.dto';
import { IsIsoDay, SCHOOL_ID, SUBJECT_ID, TEACHER_ID } from './validators';

/** POST /groups/:id/cooperations → CooperationProposed */
export class ProposeCooperationRequestDto extends CommandBodyDto {
  @ApiPropertyOptional({ example: 'c-yali-p1', description: 'generated when absent' })
  @IsOptional()
  @Matches(SUBJECT_ID, { message: 'cooperationId must be 1–64 letters, digits, "_" or "-"' })
  cooperationId?: string;

  @ApiProperty({ example: '4301040001' })
  @Matches(SCHOOL_ID, { message: 'partnerSchoolId must be a 10-digit school identification code' })
  partnerSchoolId!: string;

  @ApiProperty({ enum: COOPERATION_MODES, example: 'ENTRUSTED_MANAGEMENT' })
  @IsIn(COOPERATION_MODES)
  mode!: CooperationMode;
}

class AuthorityDocumentDto extends CommandBodyDto {
  @ApiProperty({ type: () => AuthorityDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AuthorityDto)
  authority!: AuthorityDto;

  @ApiProperty({ example: '长教函〔2024〕8号' })
  @IsString()
  @Length(1, 100)
  documentNo!: string;
}

/** …/negotiation-consents → NegotiationConsentGranted */
export class GrantNegotiationConsentRequestDto extends AuthorityDocumentDto {}

/** …/approvals → ApprovalGranted | ApprovalDenied */
export class RecordApprovalDecisionRequestDto extends AuthorityDocumentDto {
  @ApiProperty({ enum: ['GRANTED', 'DENIED'], example: 'GRANTED' })
  @IsIn(['GRANTED', 'DENIED'])
  decision!: 'GRANTED' | 'DENIED';

  @ApiProperty({
    type: [ApplicantDto],
    example: [{ schoolId: '4301030001' }, { authority: { kind: 'DISTRICT_BUREAU', districtCode: '430104' } }],
    description: 'school ids ("4301030001" or { schoolId }) or authorities ({ kind, … } or { authority })',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @toApplicants
  @ValidateNested({ each: true })
  applicants!: ApplicantDto[];

  @ApiPropertyOptional({ example: '材料不全' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reason?: string;
}

/** …/contract-drafts → ContractDraftSubmitted */
export class SubmitContractDraftRequestDto extends CommandBodyDto {
  @ApiProperty({ type: [DocumentDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => DocumentDto)
  documents!: DocumentDto[];
}

/** …/contract-reviews → ContractReviewApproved | ContractReviewRejected */
export class ReviewContractRequestDto extends CommandBodyDto {
  @ApiProperty({ enum: ['APPROVED', 'REJECTED'], example: 'APPROVED' })
  @IsIn(['APPROVED', 'REJECTED'])
  decision!: 'APPROVED' | 'REJECTED';

  @ApiProperty({ example: '长教法审〔2024〕3号' })
  @IsString()
  @Length(1, 100)
  documentNo!: string;

  @ApiPropertyOptional({ example: '退出条款不完整' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reason?: string;
}

/** …/contract-signatures → ContractSigned */
export class SignContractRequestDto extends CommandBodyDto {
  @ApiProperty({ type: () => DocumentDto })
  @IsObject()
  @ValidateNested()
  @Type(() => DocumentDto)
  contract!: DocumentDto;

  @ApiProperty({ example: '2024-09-01' })
  @IsIsoDay()
  termStart!: string;

  @ApiProperty({ example: '2027-08-31' })
  @IsIsoDay()
  termEnd!: string;
}

/** …/admission → PartnerAdmitted */
export class AdmitPartnerRequestDto extends CommandBodyDto {}

/** …/teacher-dispatches → TeacherDispatched */
export class DispatchTeacherRequestDto extends CommandBodyDto {
  @ApiProperty({ example: 'T-7f3a21', description: 'pseudonymous teacher id (no names)' })
  @Matches(TEACHER_ID, { message: 'teacherId must be 1–64 letters, digits, "_" or "-" (pseudonymous)' })
  teacherId!: string;

  @ApiProperty({ enum: TEACHER_ROLES, example: 'KEY_TEACHER' })
  @IsIn(TEACHER_ROLES)
  role!: TeacherRole;

  @ApiProperty({ enum: DISPATCH_DIRECTIONS, example: 'LEAD_TO_PARTNER' })
  @IsIn(DISPATCH_DIRECTIONS)
  direction!: DispatchDirection;

  @ApiPropertyOptional({ example: '2025-07-31' })
  @IsOptional()
  @IsIsoDay()
  until?: string;
}

/** …/fees → CooperationFeeCharged */
export class ChargeCooperationFeeRequestDto extends CommandBodyDto {
  @ApiProperty({ example: 5000000, description: 'integer fen (分)' })
  @IsInt({ message: 'amountFen must be an integer number of fen' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  amountFen!: number;
}

/** …/extensions → CooperationExtended */
export class ExtendCooperationRequestDto extends CommandBodyDto {
  @ApiProperty({ example: '2030-08-31' })
  @IsIsoDay()
  newTermEnd!: string;

  @ApiProperty({ example: '长教函〔2027〕5号' })
  @IsString()
  @Length(1, 100)
  documentNo!: string;
}

/** …/termination-notices → TerminationNoticeFiled */
export class FileTerminationNoticeRequestDto extends CommandBodyDto {
  @ApiProperty({
    type: [AuthorityDto],
    example: [{ kind: 'CITY_BUREAU' }, { kind: 'DISTRICT_BUREAU', districtCode: '430104' }],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AuthorityDto)
  recipients!: AuthorityDto[];

  @ApiProperty({ type: () => DocumentDto })
  @IsObject()
  @ValidateNested()
  @Type(() => DocumentDto)
  plan!: DocumentDto;
}

/** …/parent-communications → ParentCommunicationRecorded */
export class RecordParentCommunicationRequestDto extends CommandBodyDto {
  @ApiPropertyOptional({ example: '召开家长会说明合作终止安排' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  summary?: string;
}

/** …/exit → PartnerExited */
export class ExitPartnerRequestDto extends CommandBodyDto {
  @ApiProperty({ enum: EXIT_REASONS, example: 'EXPIRY' })
  @IsIn(EXIT_REASONS)
  reason!: ExitReason;
}

/** Integers and bounds reused by specs. */
export const LIMITS = { maxApplicants: 20, maxRecipients: 20, maxDocuments: 50 } as const;
