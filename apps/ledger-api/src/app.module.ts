import { Module, type DynamicModule, type ExecutionContext } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuditHttpModule } from './audit/audit-http.module';
import { AuthGuard } from './auth/auth.guard';
import { CommandsModule } from './commands/commands.module';
import { HealthModule } from './health/health.module';
import { HitQueueThrottlerStorage } from './platform/throttler-storage';
import { PlatformModule, type PlatformModuleOptions } from './platform/platform.module';
import { LedgerThrottlerGuard } from './platform/reflector-memo';
import { ProblemFilter } from './problem/problem.filter';
import { QueriesModule } from './queries/queries.module';

export { LOG_REDACT_PATHS, redactUrl } from './platform/logging';

/**
 * The throttler's key: per route (controller and handler) and client, as the library's default,
 * which hashes the same string with SHA-256 on every request; the key only indexes an in-memory
 * map, so the plain string serves (ADR 0116).
 */
export function throttlerKey(context: ExecutionContext, tracker: string, throttlerName: string): string {
  return `${context.getClass().name}-${context.getHandler().name}-${throttlerName}-${tracker}`;
}

/** The API: platform (config, store, clock), auth, problems, health, commands, queries, audit. */
@Module({})
export class AppModule {
  static register(options: PlatformModuleOptions): DynamicModule {
    const { config } = options;
    const throttlerStorage = new HitQueueThrottlerStorage();
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(options),
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'default', ttl: 60_000, limit: config.rateLimit }],
          storage: throttlerStorage,
          generateKey: throttlerKey,
        }),
        HealthModule,
        CommandsModule,
        QueriesModule,
        AuditHttpModule,
      ],
      providers: [
        // A provider too, so that the app's shutdown stops its sweep and clears it.
        { provide: HitQueueThrottlerStorage, useValue: throttlerStorage },
        { provide: APP_GUARD, useClass: LedgerThrottlerGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
