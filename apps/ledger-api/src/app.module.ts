import { Module, RequestMethod, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { AuditHttpModule } from './audit/audit-http.module';
import { AuthGuard } from './auth/auth.guard';
import { CommandsModule } from './commands/commands.module';
import { HealthModule } from './health/health.module';
import { PlatformModule, type PlatformModuleOptions } from './platform/platform.module';
import { ProblemFilter } from './problem/problem.filter';
import { QueriesModule } from './queries/queries.module';

/** Never log credentials: these paths are replaced by "[redacted]" in every log line. */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.authorization',
  '*.token',
  '*.jwtSecret',
  '*.secret',
  '*.password',
];

/** Query parameters that carry credentials (SSE takes `?access_token=`): their values never reach a log line. */
const CREDENTIAL_QUERY = /([?&](?:access_token|token|jwt|secret)=)[^&#]*/gi;
export function redactUrl(url: unknown): unknown {
  return typeof url === 'string' ? url.replace(CREDENTIAL_QUERY, '$1[redacted]') : url;
}

/** The API: platform (config, store, clock), auth, problems, health, commands, queries, audit. */
@Module({})
export class AppModule {
  static register(options: PlatformModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(options),
        LoggerModule.forRoot({
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.logLevel,
            redact: { paths: [...LOG_REDACT_PATHS, 'req.query.access_token', 'req.query.token'], censor: '[redacted]' },
            serializers: {
              req: (req: Record<string, unknown>) => ({ ...req, url: redactUrl(req.url) }),
            },
            genReqId: (req: IncomingMessage) =>
              (req as IncomingMessage & { correlationId?: string }).correlationId ?? 'unknown',
            customProps: (req: IncomingMessage) => ({
              correlationId: (req as IncomingMessage & { correlationId?: string }).correlationId,
            }),
            autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
          },
        }),
        ThrottlerModule.forRoot({ throttlers: [{ name: 'default', ttl: 60_000, limit: config.rateLimit }] }),
        HealthModule,
        CommandsModule,
        QueriesModule,
        AuditHttpModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
