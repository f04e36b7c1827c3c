import { Controller, Get, Inject, Logger, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Subscription } from 'rxjs';
import type { RecordedDomainEvent } from '@ledger/domain';
import type { StoredEvent } from '@ledger/event-store';
import { InvalidTokenError, LEDGER_CONFIG, TokenVerifier, type LedgerConfig } from '@ledger/platform';
import type { AppliedChange, FindingChange } from '@ledger/projections';
import { Public } from '../auth/roles.decorator';
import { Problem } from '../problem/problem';
import { trackLiveStream } from '../shutdown/live-streams';
import { SECURITY_HEADERS } from '../platform/security-headers';
import { StreamQueryDto } from './dto/query.request.dto';
import { ReadSide } from './read-side.service';
import { replayToReadSide, SseChannel, STREAM_BACKLOG_MAX_BYTES } from './sse-channel';

export const KEEP_ALIVE_MS = 15_000;
const REPLAY_PAGE = 500;
/** Live changes held while a replay runs before they are left to the replay (ADR 0140). */
const LIVE_BUFFER_MAX = 10_000;

type Wire = Pick<StoredEvent, 'eventId' | 'streamId' | 'type' | 'revision' | 'position'> & { data: unknown; metadata: unknown };

function eventFrame(e: Wire): string {
  const m = (e.metadata ?? {}) as { occurredOn?: string; recordedAt?: string; actor?: unknown };
  const body = {
    eventId: e.eventId,
    streamId: e.streamId,
    type: e.type,
    revision: e.revision.toString(),
    position: e.position.toString(),
    occurredOn: m.occurredOn,
    recordedAt: m.recordedAt,
    actor: m.actor,
    data: e.data,
  };
  return `event: ledger-event\nid: ${e.position}\ndata: ${JSON.stringify(body)}\n\n`;
}

function findingFrame(f: FindingChange): string {
  const body = { change: f.change, eventId: f.eventId, position: f.position.toString(), finding: f.finding };
  return `event: finding\nid: ${f.position}\ndata: ${JSON.stringify(body)}\n\n`;
}

const framesOfChange = new WeakMap<AppliedChange, Buffer>();

/**
 * A live change's frames (its event's, then its findings'), written in one piece. Built once for all
 * the streams open, as UTF-8 bytes: every one receives the same change object from `changes$`, and a
 * city's dashboards each serialising (and encoding) each event cut the POSTs recorded meanwhile to a
 * third (ADR 0187).
 */
export function changeFrames(change: AppliedChange): Buffer {
  let frames = framesOfChange.get(change);
  if (frames === undefined) {
    let text = eventFrame(change.event as RecordedDomainEvent & Wire);
    for (const f of change.findings) text += findingFrame(f);
    frames = Buffer.from(text);
    framesOfChange.set(change, frames);
  }
  return frames;
}

/**
 * `GET /api/v1/stream`: Server-Sent Events. Each new event (`event: ledger-event`, `id: <position>`)
 * and each finding that opened or closed (`event: finding`), keep-alive comments in between.
 * A client reconnecting with `Last-Event-ID` (or `?lastEventId=`) first gets every event after
 * that position from the store, then the live ones: nothing is missed (ADR 0054).
 * EventSource cannot send headers, so this route also takes the token as `?access_token=`.
 */
@ApiTags('queries')
@Controller()
export class StreamController {
  private readonly verifier: TokenVerifier;
  private readonly logger = new Logger('Stream');

  constructor(
    private readonly reads: ReadSide,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
  ) {
    this.verifier = new TokenVerifier(config);
  }

  @Get('stream')
  @Public()
  @ApiOperation({ summary: 'Live events and finding changes (Server-Sent Events); token as bearer header or ?access_token=' })
  @ApiProduces('text/event-stream')
  async stream(@Query() q: StreamQueryDto, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.authenticate(req, q.access_token);
    const header = req.headers['last-event-id'];
    const lastId = typeof header === 'string' && header !== '' ? header : q.lastEventId;
    if (lastId !== undefined && !/^\d{1,20}$/.test(lastId)) {
      throw Problem.badRequest('Last-Event-ID 须为全局位置 · Last-Event-ID must be a global position');
    }

    reply.hijack();
    const raw = reply.raw;
    // Hijacked: Fastify's reply headers are not written, so helmet's are added here (ADR 0121).
    for (const name of SECURITY_HEADERS.removed) raw.removeHeader(name);
    raw.writeHead(200, {
      ...SECURITY_HEADERS.set,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write(`retry: 3000\n: 已连接 · connected at position ${this.reads.runner.position}\n\n`);

    let closed = false;
    let sent = lastId !== undefined ? BigInt(lastId) : this.reads.runner.position;
    // Bounded (ADR 0140): a client that reads slower than the ledger records is cut, and resumes
    // from its Last-Event-ID through the replay below, which reads the store at the client's pace.
    const channel = new SseChannel(raw, STREAM_BACKLOG_MAX_BYTES, (backlog) => {
      this.logger.warn(
        `实时流客户端读取过慢，已断开 · live stream cut: ${backlog} bytes waiting for a slow client (after position ${sent}); it resumes with Last-Event-ID`,
      );
      stop();
    });
    // Live changes are buffered while the replay runs, then passed through in order. The buffer is
    // bounded: past LIVE_BUFFER_MAX changes it is emptied, and the replay, which reads up to the
    // read side's position page by page, reads those events from the store instead (their finding
    // frames are not sent: a replay sends events only).
    let buffer: AppliedChange[] | undefined = [];
    let emptied = 0;
    const send = (change: AppliedChange) => {
      if (closed || change.event.position <= sent) return;
      channel.write(changeFrames(change));
      sent = change.event.position;
    };
    const subscription: Subscription = this.reads.runner.changes$.subscribe((change) => {
      if (!buffer) return send(change);
      if (buffer.length >= LIVE_BUFFER_MAX) {
        buffer.length = 0;
        emptied += 1;
      }
      buffer.push(change);
    });
    const keepAlive = setInterval(() => channel.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    keepAlive.unref();
    const stop = (): void => {
      closed = true;
      clearInterval(keepAlive);
      subscription.unsubscribe();
    };
    // On shutdown the stream is ended cleanly; the client reconnects with Last-Event-ID (ADR 0085).
    const untrack = trackLiveStream(req.server.server, () => {
      if (closed) return;
      stop();
      raw.end(': 服务关闭，请重连 · server shutting down, reconnect with Last-Event-ID\n\n');
    });
    raw.on('close', () => {
      stop();
      untrack();
    });

    try {
      // The replay, at the client's pace, up to the read side's position (ADR 0140).
      await replayToReadSide(
        sent,
        {
          position: () => this.reads.runner.position,
          readAll: (after, maxCount) => this.reads.store.readAll({ after, maxCount }),
        },
        REPLAY_PAGE,
        {
          send: (e) => {
            channel.write(eventFrame(e));
            sent = e.position;
          },
          open: () => !closed,
          drained: () => channel.drained(),
          emptied: () => emptied,
        },
      );
    } finally {
      const pending = buffer ?? [];
      buffer = undefined;
      for (const change of pending) send(change);
    }
  }

  private async authenticate(req: FastifyRequest, queryToken?: string): Promise<void> {
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    const token = match?.[1] ?? queryToken;
    if (!token) throw Problem.unauthorized('需要身份令牌 · a bearer token is required (Authorization header or ?access_token=)');
    try {
      const claims = await this.verifier.verify(token);
      (req as FastifyRequest & { actor?: unknown }).actor = { id: claims.sub, role: claims.role };
    } catch (err) {
      throw Problem.unauthorized(`身份令牌无效 · ${err instanceof InvalidTokenError ? err.message : 'token invalid'}`);
    }
  }
}
