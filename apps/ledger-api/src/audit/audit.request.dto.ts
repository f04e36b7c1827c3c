import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

const UINT = /^\d{1,15}$/;
const POSITION = /^[1-9]\d{0,19}$/;

export class InclusionProofQueryDto {
  @ApiProperty({ description: 'global position of the event (as in command responses)', example: '42' })
  @Matches(POSITION, { message: 'position: 须为正整数 · must be a positive integer (a global position)' })
  position!: string;

  @ApiPropertyOptional({ description: 'size of the tree to prove against; default the latest signed checkpoint', example: '1000' })
  @IsOptional()
  @Matches(UINT, { message: 'treeSize: 须为非负整数 · must be a non-negative integer' })
  treeSize?: string;
}

export class ConsistencyProofQueryDto {
  @ApiProperty({ description: 'the older tree size (≥ 1)', example: '10' })
  @Matches(UINT, { message: 'from: 须为非负整数 · must be a non-negative integer' })
  from!: string;

  @ApiProperty({ description: 'the newer tree size (≥ from)', example: '20' })
  @Matches(UINT, { message: 'to: 须为非负整数 · must be a non-negative integer' })
  to!: string;
}
