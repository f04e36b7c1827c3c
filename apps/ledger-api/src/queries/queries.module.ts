import { Module } from '@nestjs/common';

/** Placeholder: filled by its owner (see DESIGN.md). */
@Module({})
export class QueriesModule {}
