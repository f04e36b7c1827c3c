import { Module } from '@nestjs/common';
import { CommandService } from './command.service';
import { CooperationCommandsController } from './cooperation-commands.controller';
import { DryRunService } from './dry-run.service';
import { EventCommandsController } from './event-commands.controller';
import { GroupCommandsController } from './group-commands.controller';
import { SchoolCommandsController } from './school-commands.controller';
import { StreamLocks } from './stream-locks';
import { SubjectDirectory } from './subject-directory';
import { SubjectReads } from './subject-reads.service';

/** The write side: one route per command of DESIGN.md, one handler for all. */
@Module({
  controllers: [
    SchoolCommandsController,
    GroupCommandsController,
    CooperationCommandsController,
    EventCommandsController,
  ],
  providers: [CommandService, DryRunService, StreamLocks, SubjectDirectory, SubjectReads],
  exports: [CommandService, SubjectDirectory],
})
export class CommandsModule {}
