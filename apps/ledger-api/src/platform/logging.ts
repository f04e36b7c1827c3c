import type { IncomingMessage } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import pino, { type Logger } from 'pino';
import type { LedgerConfig } from '@ledger/platform';

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
  'req.query.access_token',
  'req.query.token',
];

/** Query parameters that carry credentials (SSE takes `?access_token=`): their values never reach a log line. */
const CREDENTIAL_QUERY = /([?&](?:access_token|token|jwt|secret)=)[^&#]*/gi;
export function redactUrl(url: unknown): unknown {
  // Without '=' no parameter has a value to redact (most URLs): no regular expression run.
  return typeof url === 'string' && url.includes('=') ? url.replace(CREDENTIAL_QUERY, '$1[redacted]') : url;
}

/**
 * The most bytes one write to the log's file descriptor carries (ADR 0139). sonic-boom keeps one
 * write in flight and, by default, takes at most 16 KiB of the queued lines into the next one. Under
 * load an event-loop turn answers dozens of requests, and the next write can only start in the turn
 * after the last one completed: 16 KiB a turn was less than the turn's request lines (~0.7 KB each),
 * so the log fell further behind for as long as the load lasted (a 30 s GET load left 58 MB of lines
 * in the process and a 20 s synchronous flush at exit). 1 MiB a write carries a turn's lines for up
 * to ~1,400 answers.
 */
export const LOG_MAX_WRITE_BYTES = 1024 * 1024;

/**
 * The most bytes of log lines held in memory while stdout is not read as fast as lines are written
 * (ADR 0139). A line that would go past it is dropped and counted (`createRootLogger` reports the
 * count), so a stalled log reader costs log lines, never the process's memory.
 */
export const LOG_MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/**
 * pino's own asynchronous destination (sonic-boom, `sync: false`) on `fd`, in sonic-boom's buffer
 * mode and handed each line as one Buffer (ADR 0126). In its default (utf8) mode sonic-boom 4
 * appends a line to the string of the lines queued while a write is in flight and then measures
 * that whole string again (`Buffer.byteLength` of the growing concatenation, which flattens it):
 * under load every request line re-encoded kilobytes of earlier lines (~10 KB allocated per GET).
 * In buffer mode it adds up lengths; the line is encoded once, here. Same bytes, same queueing,
 * same flush at exit. Our instance's `write` is replaced the way sonic-boom sets it per instance.
 * Each write takes up to `maxWriteBytes` of the queued lines, and at most `maxBufferedBytes` wait
 * (ADR 0139): beyond that sonic-boom drops the line and emits `drop`.
 */
export function lineDestination(
  fd = 1,
  { maxWriteBytes = LOG_MAX_WRITE_BYTES, maxBufferedBytes = LOG_MAX_BUFFERED_BYTES } = {},
): pino.DestinationStream {
  const boom = pino.destination({
    dest: fd,
    sync: false,
    contentMode: 'buffer',
    maxWrite: maxWriteBytes,
    maxLength: maxBufferedBytes,
  });
  const writeBuffer = boom.write.bind(boom) as unknown as (data: Buffer) => boolean;
  (boom as unknown as { write: (line: string | Buffer) => boolean }).write = (line) =>
    writeBuffer(typeof line === 'string' ? Buffer.from(line, 'utf8') : line);
  return boom;
}

/**
 * Counts the lines `destination` drops (sonic-boom's `drop` event, `lineDestination`'s bound) and,
 * `afterMs` after the first of a run of drops, writes one warning with their number. While the
 * reader is still stalled that warning may be dropped too; it is then counted in the next run.
 */
function reportDroppedLines(logger: Logger, destination: pino.DestinationStream, afterMs: number): void {
  const events = destination as unknown as Partial<NodeJS.EventEmitter>;
  if (typeof events.on !== 'function') return;
  let dropped = 0;
  events.on('drop', () => {
    if (dropped++ > 0) return;
    setTimeout(() => {
      const n = dropped;
      dropped = 0;
      logger.warn(
        { droppedLines: n },
        `日志输出跟不上，已丢弃 ${n} 行 · ${n} log lines dropped: stdout is not read as fast as lines are written`,
      );
    }, afterMs).unref();
  });
}

/**
 * The process's pino logger: JSON lines on stdout, credentials redacted, at LEDGER_LOG_LEVEL.
 * The destination is asynchronous (sonic-boom, `sync: false`, `lineDestination`): a line is
 * queued and written by the event loop, lines queued while a write is in flight go out together,
 * and whatever is still queued is flushed synchronously when the process exits (pino registers
 * that). A synchronous write per line cost the request path a system call, and a busy-wait when
 * the pipe was full (ADR 0115). Lines the destination drops (`lineDestination`'s bound, ADR 0139)
 * are counted and reported in one warning `dropReportMs` after the first.
 */
export function createRootLogger(
  config: Pick<LedgerConfig, 'logLevel'>,
  destination: pino.DestinationStream = lineDestination(1),
  { dropReportMs = 1000 } = {},
): Logger {
  const logger = pino(
    {
      level: config.logLevel,
      redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
  reportDroppedLines(logger, destination, dropReportMs);
  return logger;
}

type NestLevel = 'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal';
const PINO_LEVEL: Record<NestLevel, pino.Level> = {
  log: 'info',
  error: 'error',
  warn: 'warn',
  debug: 'debug',
  verbose: 'trace',
  fatal: 'fatal',
};

/**
 * Nest's logger (bootstrap, `new Logger(context)` in services) on the root pino logger:
 * `{ level, time, context, msg }`, and `err` for an Error or an error's stack.
 */
export class PinoNestLogger implements LoggerService {
  constructor(readonly pino: Logger) {}

  log(message: unknown, ...optional: unknown[]): void {
    this.write('log', message, optional);
  }
  error(message: unknown, ...optional: unknown[]): void {
    this.write('error', message, optional);
  }
  warn(message: unknown, ...optional: unknown[]): void {
    this.write('warn', message, optional);
  }
  debug(message: unknown, ...optional: unknown[]): void {
    this.write('debug', message, optional);
  }
  verbose(message: unknown, ...optional: unknown[]): void {
    this.write('verbose', message, optional);
  }
  fatal(message: unknown, ...optional: unknown[]): void {
    this.write('fatal', message, optional);
  }

  private write(nestLevel: NestLevel, message: unknown, optional: unknown[]): void {
    const level = PINO_LEVEL[nestLevel];
    if (!this.pino.isLevelEnabled(level)) return;
    // Nest passes the context last; `error(message, stack, context)` passes a stack before it.
    const rest = [...optional];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? rest.pop() : undefined;
    const fields: Record<string, unknown> = context !== undefined ? { context } : {};
    if (nestLevel === 'error' && typeof rest[0] === 'string') fields.stack = rest.shift();
    if (rest.length > 0) fields.details = rest;
    if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.pino[level]({ ...fields, ...(message as Record<string, unknown>) });
    } else {
      this.pino[level](fields, String(message));
    }
  }
}

/**
 * The response headers a request line keeps: those that differ between answers. The security
 * headers (helmet) and the rate-limit counters are the same on every answer and were most of
 * each line's bytes.
 */
const LOGGED_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'location',
  'etag',
  'retry-after',
  'idempotent-replayed',
] as const;

function responseHeaders(reply: FastifyReply): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const name of LOGGED_RESPONSE_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) kept[name] = value;
  }
  return kept;
}

/**
 * One line per answered request (`request completed`, or `request errored` for a 5xx), as
 * pino-http wrote it: `{ req: { id, method, url, query, headers, remoteAddress, remotePort },
 * res: { statusCode, headers }, responseTime, correlationId }`, credentials redacted; `res.headers`
 * keeps the headers that vary (LOGGED_RESPONSE_HEADERS). Written from Fastify's `onResponse` hook with the root logger: no child
 * logger, no middleware layer and no AsyncLocalStorage per request (ADR 0115). `/health` is not
 * logged (probes would drown the log).
 */
export function installRequestLogging(fastify: FastifyInstance, logger: Logger): void {
  // The request line redacts its own credentials (requestLine): pino's path-based redaction,
  // cloning the line's objects for eleven paths of which only these can match its fixed shape,
  // was the larger part of the line's cost. Created once, not per request.
  const lines = logger.child({}, { redact: [] });
  fastify.addHook('onResponse', (request, reply, done) => {
    if (request.url === '/health' || !lines.isLevelEnabled('info')) return done();
    const statusCode = reply.statusCode;
    lines.info(requestLine(request, reply), statusCode >= 500 ? 'request errored' : 'request completed');
    done();
  });
}

const CENSOR = '[redacted]';
/** The request headers and query parameters that carry credentials (as LOG_REDACT_PATHS names them). */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'x-api-key'] as const;
const CREDENTIAL_QUERY_KEYS = ['access_token', 'token'] as const;

/** `source` with the values of `keys` that it has replaced by "[redacted]" (a copy only when needed). */
function censored<T extends object>(source: T, keys: readonly string[]): T {
  let out = source;
  for (const key of keys) {
    if ((source as Record<string, unknown>)[key] === undefined) continue;
    if (out === source) out = { ...source };
    (out as Record<string, unknown>)[key] = CENSOR;
  }
  return out;
}

/** The object of a request's log line, its credentials already redacted. */
export function requestLine(request: FastifyRequest, reply: FastifyReply): Record<string, unknown> {
  const raw = request.raw as IncomingMessage & { correlationId?: string };
  const query = request.query;
  return {
    req: {
      id: raw.correlationId ?? 'unknown',
      method: raw.method,
      url: redactUrl(raw.url),
      query: query && typeof query === 'object' ? censored(query, CREDENTIAL_QUERY_KEYS) : query,
      headers: censored(raw.headers, CREDENTIAL_HEADERS),
      remoteAddress: raw.socket?.remoteAddress,
      remotePort: raw.socket?.remotePort,
    },
    correlationId: raw.correlationId,
    res: { statusCode: reply.statusCode, headers: responseHeaders(reply) },
    responseTime: Math.round(reply.elapsedTime),
  };
}
