import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** The verifiable log over HTTP (auditor and admin): the audit projection and its routes. */
@Module({
  imports: [TerminusModule],
  controllers: [AuditController],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditHttpModule {}
