import { Module } from '@nestjs/common';

/** The write side: one route per command of DESIGN.md. */
@Module({})
export class CommandsModule {}
