import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateBy, type ValidationOptions } from 'class-validator';
import { isIsoDay, isIsoInstant } from '@ledger/domain';
import { decodeCursor } from '@ledger/projections';

const POSITION = /^\d{1,20}$/;

function IsCalendarDay(options?: ValidationOptions) {
  return ValidateBy(
    { name: 'isCalendarDay', validator: { validate: (v: unknown) => isIsoDay(v), defaultMessage: (a) => `${a?.property}: 须为日期 YYYY-MM-DD · must be an ISO day (YYYY-MM-DD)` } },
    options,
  );
}

/** knownAt: an ISO instant (transaction time) or a global position (digits). */
function IsKnownAt(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isKnownAt',
      validator: {
        validate: (v: unknown) => typeof v === 'string' && (POSITION.test(v) || isIsoInstant(v)),
        defaultMessage: (a) => `${a?.property}: 须为时刻 (ISO 8601, Z) 或全局位置 · must be an ISO instant with Z or a global position`,
      },
    },
    options,
  );
}

/**
 * cursor: a `nextCursor` this API answered. One that is not (mistyped, cut, from another API) is a
 * 400, not the first page again: a client paging through would loop or miss items unawares.
 */
function IsPageCursor(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isPageCursor',
      validator: {
        validate: (v: unknown) => typeof v === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(v) && decodeCursor(v) !== undefined,
        defaultMessage: (a) => `${a?.property}: 无效的游标 · not a cursor of this API`,
      },
    },
    options,
  );
}

/** `limit` of a list: a whole number from 1 to 1000. */
function PageLimit(doc: ApiPropertyOptions) {
  return applyDecorators(ApiPropertyOptional({ minimum: 1, maximum: 1000, ...doc }), IsOptional(), Type(() => Number), IsInt(), Min(1), Max(1000));
}

/** `cursor` of a list: the `nextCursor` of its previous page. */
function PageCursor() {
  return applyDecorators(ApiPropertyOptional({ description: 'the `nextCursor` of the previous page' }), IsOptional(), IsPageCursor());
}

/** `?minPosition=` waits (bounded) until the read models reached that position (read-your-writes). */
export class ReadYourWritesQueryDto {
  @ApiPropertyOptional({ description: 'wait until the read models reached this global position (a command’s `position`)', example: '42' })
  @IsOptional()
  @Matches(POSITION, { message: 'minPosition: 须为非负整数 · must be a non-negative integer' })
  minPosition?: string;
}

export class TimeTravelQueryDto extends ReadYourWritesQueryDto {
  @ApiPropertyOptional({ description: 'valid time (ISO day); default today', example: '2023-09-01' })
  @IsOptional()
  @IsCalendarDay()
  asOf?: string;

  @ApiPropertyOptional({ description: 'transaction time: an ISO instant or a global position', example: '2024-01-10T00:00:00Z' })
  @IsOptional()
  @IsKnownAt()
  knownAt?: string;
}

export class ComplianceQueryDto extends TimeTravelQueryDto {
  @ApiPropertyOptional({ enum: ['violation', 'warning', 'advisory'] })
  @IsOptional()
  @IsIn(['violation', 'warning', 'advisory'])
  severity?: 'violation' | 'warning' | 'advisory';

  @ApiPropertyOptional({ example: 'R19' })
  @IsOptional()
  @Matches(/^R\d{2}[A-Za-z0-9_-]{0,30}$/, { message: 'ruleId: 须为规则编号，如 R19 · must be a rule id such as R19' })
  ruleId?: string;

  @ApiPropertyOptional({ example: '430104' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'districtCode: 须为 6 位行政区划代码 · must be a 6-digit division code' })
  districtCode?: string;

  @ApiPropertyOptional({ enum: ['OPEN', 'RESOLVED', 'EXCEPTED'] })
  @IsOptional()
  @IsIn(['OPEN', 'RESOLVED', 'EXCEPTED'])
  status?: 'OPEN' | 'RESOLVED' | 'EXCEPTED';

  @PageLimit({ default: 100 })
  limit?: number;

  @PageCursor()
  cursor?: string;
}

export class PageQueryDto extends ReadYourWritesQueryDto {
  @PageLimit({ default: 100 })
  limit?: number;

  @PageCursor()
  cursor?: string;
}

export class DeadlinesQueryDto extends ReadYourWritesQueryDto {
  @ApiPropertyOptional({ description: 'ISO 8601 period in years/months/days', example: 'P12M', default: 'P12M' })
  @IsOptional()
  @Matches(/^P(?=\d)(\d{1,2}Y)?(\d{1,3}M)?(\d{1,4}D)?$/, { message: 'within: 须为期间，如 P12M · must be an ISO period such as P12M' })
  within?: string;

  @PageLimit({ description: 'a page of at most this many; without it (and without cursor), every deadline in the period' })
  limit?: number;

  @PageCursor()
  cursor?: string;
}

export class EventsQueryDto extends ReadYourWritesQueryDto {
  @ApiPropertyOptional({ description: 'first global position to return (inclusive); default 1', example: '1' })
  @IsOptional()
  @Matches(POSITION, { message: 'fromPosition: 须为非负整数 · must be a non-negative integer' })
  fromPosition?: string;

  @PageLimit({ default: 100 })
  limit?: number;
}

export class StreamQueryDto {
  @ApiPropertyOptional({ description: 'resume after this position (EventSource cannot send Last-Event-ID on first connect)' })
  @IsOptional()
  @Matches(POSITION, { message: 'lastEventId: 须为全局位置 · must be a global position' })
  lastEventId?: string;

  @ApiPropertyOptional({ description: 'bearer token (EventSource cannot send headers); this route only' })
  @IsOptional()
  @IsString()
  access_token?: string;
}

export class SubjectIdParamDto {
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { message: 'id: 无效的编号 · not a valid id' })
  id!: string;
}

export class SchoolIdParamDto {
  @Matches(/^\d{10}$/, { message: 'schoolId: 须为 10 位学校标识码 · must be a 10-digit school id' })
  schoolId!: string;
}
