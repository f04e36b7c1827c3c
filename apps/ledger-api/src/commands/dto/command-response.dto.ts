import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** 201 of every command. Revisions and positions are strings (bigint inside). */
export class CommandResponseDto {
  @ApiProperty({ example: '5b1f0c7e-2a53-5e8b-9d0c-7b0f3a3c9e11' }) eventId!: string;
  @ApiProperty({ example: 'cooperation-c-yali-p1' }) streamId!: string;
  @ApiProperty({ example: '3' }) revision!: string;
  @ApiProperty({
    example: '42',
    description: 'global position; pass as ?minPosition= to queries to read your write',
  })
  position!: string;
  @ApiPropertyOptional({ example: 'c-yali-p1', description: 'creating routes: the subject id' }) id?: string;
}

/** 200 of `?dryRun=true`: what would be written and the findings it would open or close. */
export class DryRunResponseDto {
  @ApiProperty({ example: true }) dryRun!: true;
  @ApiProperty({ example: 'cooperation-c-yali-p1' }) streamId!: string;
  @ApiPropertyOptional({ example: 'c-yali-p1' }) id?: string;
  @ApiProperty({ description: 'the events that would be appended', type: 'array', items: { type: 'object' } })
  events!: unknown[];
  @ApiProperty({
    description: 'findings of the touched subjects after the event',
    type: 'array',
    items: { type: 'object' },
  })
  findings!: unknown[];
  @ApiProperty({ description: 'findings the event would open', type: 'array', items: { type: 'object' } })
  opened!: unknown[];
  @ApiProperty({
    description: 'findings the event would resolve or close',
    type: 'array',
    items: { type: 'object' },
  })
  closed!: unknown[];
}
