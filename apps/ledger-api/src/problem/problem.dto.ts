import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ProblemFieldErrorDto {
  @ApiProperty({ example: 'recipients[0].districtCode' }) path!: string;
  @ApiProperty({ example: 'districtCode must be a 6-digit district code' }) message!: string;
  @ApiPropertyOptional({ example: 'matches' }) constraint?: string;
}

/** RFC 9457 problem document (OpenAPI schema). */
export class ProblemDto {
  @ApiProperty({ example: '/problems/validation-error' }) type!: string;
  @ApiProperty({ example: '请求无效 · Invalid request' }) title!: string;
  @ApiProperty({ example: 400 }) status!: number;
  @ApiProperty({ example: '请求有 1 处错误 · 1 invalid field(s): amountFen' }) detail!: string;
  @ApiPropertyOptional({ example: '/api/v1/cooperations/c-1/fees' }) instance?: string;
  @ApiPropertyOptional({
    example: 'COOPERATION.ALREADY_ADMITTED',
    description: 'stable code of a domain or request error',
  })
  code?: string;
  @ApiPropertyOptional({ type: [ProblemFieldErrorDto] }) errors?: ProblemFieldErrorDto[];
}
