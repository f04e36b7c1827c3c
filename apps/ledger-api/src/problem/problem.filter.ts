import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HealthDown } from '../health/health-down';
import { PROBLEM_CONTENT_TYPE, Problem, problemDocument, type ProblemDocument } from './problem';

/** The domain's error shape (libs/domain DomainError), matched structurally. */
interface DomainErrorLike {
  code: string;
  kind: 'CONFLICT' | 'NOT_FOUND' | 'UNPROCESSABLE';
  message: string;
  details?: unknown;
}

const DOMAIN_STATUS: Record<DomainErrorLike['kind'], number> = {
  CONFLICT: 409,
  NOT_FOUND: 404,
  UNPROCESSABLE: 422,
};

export function isDomainError(err: unknown): err is DomainErrorLike {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as Partial<DomainErrorLike>;
  return typeof e.code === 'string' && typeof e.kind === 'string' && e.kind in DOMAIN_STATUS;
}

/** Fastify's own errors (body parsing, limits) carry a statusCode and an FST_ code. */
interface FastifyErrorLike {
  code?: string;
  statusCode?: number;
  message: string;
}

/** Turns anything thrown into an RFC 9457 problem document. Unknown errors are 500 and logged. */
export function toProblem(err: unknown, instance?: string): ProblemDocument {
  let doc: ProblemDocument;
  if (err instanceof Problem) {
    doc = err.document;
  } else if (isDomainError(err)) {
    doc = problemDocument(DOMAIN_STATUS[err.kind], err.message, {
      type: `/problems/${err.code.toLowerCase().replace(/[._]/g, '-')}`,
      code: err.code,
      ...(err.details !== undefined ? { details: err.details } : {}),
    });
  } else if (err instanceof ThrottlerException) {
    doc = problemDocument(429, '请求过于频繁 · too many requests, slow down');
  } else if (err instanceof HttpException) {
    const status = err.getStatus();
    const response = err.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : typeof (response as { message?: unknown }).message === 'string'
          ? (response as { message: string }).message
          : err.message;
    doc = httpProblem(status, message);
  } else if (isFastifyClientError(err)) {
    doc = fastifyProblem(err);
  } else {
    doc = problemDocument(500, '服务器内部错误 · an internal error occurred; it has been logged');
  }
  return instance && doc.instance === undefined ? { ...doc, instance } : doc;
}

/**
 * Nest re-throws Fastify's own errors (body parsing, limits) as plain HttpExceptions carrying
 * Fastify's message and status: give them a stable code and a readable detail.
 */
function httpProblem(status: number, message: string): ProblemDocument {
  switch (status) {
    case 404:
      return problemDocument(404, `未找到该路径 · ${message}`, { code: 'REQUEST.ROUTE_NOT_FOUND' });
    case 413:
      return problemDocument(413, '请求体超过大小限制 · the request body is larger than the limit', {
        code: 'REQUEST.BODY_TOO_LARGE',
      });
    case 415:
      return problemDocument(
        415,
        `请使用 application/json · send the body as application/json (${message})`,
        { code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' },
      );
    case 400:
      if (/JSON|Unexpected token|Unexpected end/i.test(message)) {
        return problemDocument(400, `JSON 格式错误 · malformed JSON: ${message}`, {
          code: 'REQUEST.MALFORMED_JSON',
        });
      }
      return problemDocument(400, message);
    default:
      return problemDocument(status, message);
  }
}

function isFastifyClientError(err: unknown): err is FastifyErrorLike {
  if (!(err instanceof Error)) return false;
  const e = err as FastifyErrorLike;
  return typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500;
}

function fastifyProblem(err: FastifyErrorLike): ProblemDocument {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problemDocument(413, '请求体超过大小限制 · the request body is larger than the limit', {
        code: 'REQUEST.BODY_TOO_LARGE',
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problemDocument(415, '请使用 application/json · send the body as application/json', {
        code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
      });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problemDocument(400, '请求体为空 · the JSON body is empty', { code: 'REQUEST.EMPTY_BODY' });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problemDocument(400, `JSON 格式错误 · malformed JSON: ${err.message}`, {
        code: 'REQUEST.MALFORMED_JSON',
      });
    default:
      if (err instanceof SyntaxError || /JSON/i.test(err.message)) {
        return problemDocument(400, `JSON 格式错误 · malformed JSON: ${err.message}`, {
          code: 'REQUEST.MALFORMED_JSON',
        });
      }
      return problemDocument(err.statusCode ?? 400, err.message);
  }
}

/** Sends `doc` as `application/problem+json`, with `headers` (e.g. `Retry-After`) if any. */
export function sendProblem(
  reply: FastifyReply,
  doc: ProblemDocument,
  headers: Readonly<Record<string, string>> = {},
): void {
  for (const [name, value] of Object.entries(headers)) reply.header(name, value);
  if (doc.status === 401) reply.header('WWW-Authenticate', 'Bearer realm="ledger"');
  void reply.status(doc.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(doc);
}

/** The one exception filter of the API (registered globally in bootstrap). */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    if (err instanceof HealthDown) {
      // Not ready is a state: terminus' result as the 200 has it, not logged here (ADR 0147).
      // (`@HealthCheck()` has set Cache-Control already.)
      if (!reply.sent) void reply.status(503).send(err.result);
      return;
    }
    const doc = toProblem(err, request?.url?.split('?')[0]);
    // A 503 raised on purpose (the read models not there yet) is a state, not a fault: no stack.
    if (err instanceof Problem && doc.status === 503) this.logger.warn(doc.detail);
    else if (doc.status >= 500)
      this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    if (reply.sent) return;
    sendProblem(reply, doc, err instanceof Problem ? err.headers : undefined);
  }
}
