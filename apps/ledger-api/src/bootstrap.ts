import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ApplicationConfig, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { EventStore } from '@ledger/event-store';
import { createClock, loadConfig, openEventStore, type Clock, type LedgerConfig } from '@ledger/platform';
import { AppModule } from './app.module';
import { installCommandResponses } from './commands/command-response';
import { installLeanRoutes } from './platform/lean-routes';
import { createRootLogger, installRequestLogging, PinoNestLogger } from './platform/logging';
import { SECURITY_HEADERS } from './platform/security-headers';
import { problemDocument } from './problem/problem';
import { sendProblem } from './problem/problem.filter';
import { createValidationPipe } from './problem/validation';
import { attachShutdownGate } from './shutdown';

export interface CreateAppOverrides {
  /** Use this store instead of opening the configured one (tests). */
  readonly eventStore?: EventStore;
  readonly clock?: Clock;
  /** Run the `@LeanRoute()` routes through Nest's router instead (specs compare both; default true). */
  readonly leanRoutes?: boolean;
}

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** `X-Correlation-Id` when it is sane, else a new UUID; kept on the raw request for the logger. */
function correlationIdOf(raw: IncomingMessage): string {
  const header = raw.headers['x-correlation-id'];
  const id = typeof header === 'string' && CORRELATION_ID.test(header) ? header : randomUUID();
  (raw as IncomingMessage & { correlationId?: string }).correlationId = id;
  return id;
}

/** Deepest JSON nesting a command body may have (the deepest DTO is 4 levels). */
const MAX_BODY_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Why a parsed JSON body is refused before validation, or undefined: not an object, nested deeper
 * than MAX_BODY_DEPTH (class-transformer would overflow the stack: a 500), or holding a key that
 * targets prototypes (class-validator's whitelist does not see `prototype`). Iterative on purpose.
 */
export function unsafeBodyReason(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return '请求体必须是 JSON 对象 · the body must be a JSON object';
  const stack: Array<[unknown, number]> = [[body, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_BODY_DEPTH)
      return `请求体嵌套过深 · the body is nested deeper than ${MAX_BODY_DEPTH} levels`;
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return `不允许的字段 · property "${key}" is not allowed`;
      stack.push([(value as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return undefined;
}

function hasBody(method: string, headers: IncomingMessage['headers']): boolean {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || method === 'DELETE') return false;
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}

/** Where the dashboard's built files are, if they were built. */
export function dashboardDir(env: Record<string, string | undefined> = process.env): string | undefined {
  const candidates = [
    env.LEDGER_DASHBOARD_DIR,
    path.resolve(process.cwd(), 'dist/dashboard'),
    path.resolve(__dirname, '../../../dashboard'),
    path.resolve(__dirname, '../../../dist/dashboard'),
  ];
  return candidates.find((dir): dir is string => !!dir && fs.existsSync(path.join(dir, 'index.html')));
}

/**
 * Builds the API (not listening): the real app on the configured store. `env` entries override
 * `process.env` (tests: `{ LEDGER_DATA_DIR: tmp, LEDGER_SEED_DEMO: 'false' }`).
 */
export async function createApp(
  env: Record<string, string | undefined> = {},
  overrides: CreateAppOverrides = {},
): Promise<NestFastifyApplication> {
  const config: LedgerConfig = loadConfig({ ...process.env, ...env });
  fs.mkdirSync(config.dataDir, { recursive: true });
  const eventStore = overrides.eventStore ?? (await openEventStore(config));
  const clock = overrides.clock ?? createClock(config);
  const logger = createRootLogger(config);

  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimit,
    genReqId: correlationIdOf,
    requestIdHeader: false,
    logger: false,
    // `/health` lives outside the `/api/v1` prefix (issue 4); DESIGN.md lists it among the API's
    // routes, so tools that prefix every route find it at `/api/v1/health` too.
    rewriteUrl: (req: IncomingMessage) =>
      req.url === '/api/v1/health' || req.url?.startsWith('/api/v1/health?')
        ? req.url.slice(7)
        : (req.url ?? '/'),
    // While closing, the shutdown gate answers with our 503 problem document (ADR 0085).
    return503OnClosing: false,
    // Router-level refusals (bad URL encoding, over-long path parameter) as problem documents too.
    frameworkErrors: (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
      sendProblem(
        reply,
        problemDocument(status, `请求路径无效 · invalid request path (${err.code})`, {
          code: 'REQUEST.INVALID_PATH',
          instance: request.url.split('?')[0].slice(0, 200),
        }),
      );
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register({ config, eventStore, clock }),
    adapter,
    {
      bufferLogs: true,
      abortOnError: false,
    },
  );
  app.useLogger(new PinoNestLogger(logger));
  app.flushLogs();
  // No enableShutdownHooks(): main.ts installs the bounded, ordered shutdown of ADR 0085.

  const fastify = app.getHttpAdapter().getInstance();
  // First hook: once closing, every new request gets a 503 problem with Retry-After.
  attachShutdownGate(fastify);
  // One log line per answered request (ADR 0115).
  installRequestLogging(fastify, logger);
  // Status and headers of command answers (ETag, Location, Idempotent-Replayed).
  installCommandResponses(fastify);
  // Commands take JSON only: any other body is a 415 before it is parsed. These two hooks take
  // Fastify's callback form (an early answer is sent and `done` not called): an async hook cost
  // every request a promise and a microtask hop for what is a synchronous check (ADR 0126).
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!hasBody(request.method, request.headers)) return done();
    const type = String(request.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    if (type === 'application/json' || type.endsWith('+json')) return done();
    sendProblem(
      reply,
      problemDocument(
        415,
        `请使用 application/json · send the body as application/json (got "${type || 'no content type'}")`,
        { code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE', instance: request.url.split('?')[0] },
      ),
    );
  });
  fastify.addHook('preValidation', (request, reply, done) => {
    if (!hasBody(request.method, request.headers)) return done();
    const reason = unsafeBodyReason(request.body);
    if (!reason) return done();
    sendProblem(
      reply,
      problemDocument(400, reason, { code: 'REQUEST.INVALID_BODY', instance: request.url.split('?')[0] }),
    );
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    reply.header('X-Correlation-Id', request.id);
    done(null, payload);
  });

  // Helmet's headers on every answer. The middleware is built once here: @fastify/helmet built it
  // again for every request (parsing the CSP directives each time); ADR 0118.
  // Its headers are computed once, then set through Fastify's reply (ADR 0121).
  const securityHeaders = SECURITY_HEADERS;
  fastify.addHook('onRequest', (request, reply, done) => {
    for (const name of securityHeaders.removed) reply.raw.removeHeader(name);
    void reply.headers(securityHeaders.set);
    done();
  });
  if (config.corsOrigin) {
    app.enableCors({
      origin: config.corsOrigin === '*' ? true : config.corsOrigin.split(','),
      exposedHeaders: ['ETag', 'X-Correlation-Id', 'Location'],
      allowedHeaders: [
        'Authorization',
        'Content-Type',
        'Idempotency-Key',
        'If-Match',
        'X-Correlation-Id',
        'Last-Event-ID',
      ],
    });
  }

  app.setGlobalPrefix('api/v1', { exclude: ['health'] });
  app.useGlobalPipes(createValidationPipe());
  // Hot routes: the same global guards, pipe and filter (Nest's own lists), the same handler,
  // without Nest's per-request orchestration (ADR 0123). Installed as the routes register (app.init below).
  if (overrides.leanRoutes !== false) {
    installLeanRoutes(fastify, () => ({
      controller: (type) => app.get(type),
      config: app.get(ApplicationConfig),
    }));
  }

  const openapi = new DocumentBuilder()
    .setTitle('集团化办学生命周期账本 API · Group-lifecycle ledger API')
    .setDescription(
      'Commands record what happened (201 { eventId, streamId, revision, position }); queries read the projections. ' +
        'Errors are RFC 9457 problem documents. Idempotency-Key makes retries safe; If-Match: <revision> makes a command conditional; ?dryRun=true shows the findings without writing. ' +
        'Queries that read the read models answer 503 READ_MODEL.CATCHING_UP with Retry-After while a start on a long log catches up (commands, /events and /health answer meanwhile).',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openapi), {
    jsonDocumentUrl: 'api/docs-json',
  });

  const dashboard = dashboardDir({ ...process.env, ...env });
  if (dashboard) {
    app.useStaticAssets({ root: dashboard, prefix: '/', wildcard: false, index: ['index.html'] });
  }

  await app.init();
  await fastify.ready();
  return app;
}
