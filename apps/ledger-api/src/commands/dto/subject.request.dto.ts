import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { AuthorityDto, CommandBodyDto } from './common.request.dto';
import { IsIsoDay, RULE_ID } from './validators';

/** POST /{schools,groups,cooperations}/:id/exceptions → ExceptionGranted */
export class GrantExceptionRequestDto extends CommandBodyDto {
  @ApiProperty({ example: 'R04' })
  @Matches(RULE_ID, { message: 'ruleId must be a rule id like R04' })
  ruleId!: string;

  @ApiProperty({ type: () => AuthorityDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AuthorityDto)
  authority!: AuthorityDto;

  @ApiProperty({ example: '长教函〔2024〕21号' })
  @IsString()
  @Length(1, 100)
  documentNo!: string;

  @ApiProperty({ example: '农村学校帮扶，经市教育局同意' })
  @IsString()
  @Length(1, 1000)
  reason!: string;

  @ApiPropertyOptional({ example: '2025-08-31' })
  @IsOptional()
  @IsIsoDay()
  until?: string;
}

/** POST /events/:eventId/retractions → EventRetracted */
export class RetractEventRequestDto extends CommandBodyDto {
  @ApiProperty({ example: '录入错误：学校标识码有误' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}
