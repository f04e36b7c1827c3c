import type { Server } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problemDocument } from '../problem/problem';
import { sendProblem } from '../problem/problem.filter';
import { endLiveStreams } from './live-streams';

/** Seconds a client is told to wait (`Retry-After`) when it reaches an instance that is closing. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The HTTP side of a graceful shutdown (ADR 0085), attached to the Fastify instance before it is
 * ready: counts requests in flight, and once `close()` was called answers every new request with a
 * 503 RFC 9457 problem document, `Retry-After` and `Connection: close` (Fastify's own 503 is
 * turned off with `return503OnClosing: false`). Its `preClose` hook ends live SSE streams, so
 * even a plain `app.close()` is not held open by them.
 */
export class ShutdownGate {
  private closingSince: number | undefined;
  private inFlight = 0;
  private drainedWaiters: Array<() => void> = [];

  constructor(private readonly fastify: FastifyInstance) {
    fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (this.closingSince !== undefined) {
        sendProblem(
          reply,
          problemDocument(503, '服务正在关闭，请稍后重试 · the service is shutting down, retry shortly', {
            code: 'SERVICE.SHUTTING_DOWN',
            instance: request.url.split('?')[0].slice(0, 200),
          }),
          { 'Retry-After': String(RETRY_AFTER_SECONDS), Connection: 'close' },
        );
        return reply;
      }
      this.inFlight += 1;
      // 'close' fires once per response: finished, hijacked-and-ended or connection lost.
      reply.raw.once('close', () => this.settled());
      return undefined;
    });
    fastify.addHook('preClose', async () => {
      this.close();
      endLiveStreams(this.server);
    });
  }

  get server(): Server {
    return this.fastify.server;
  }

  get closing(): boolean {
    return this.closingSince !== undefined;
  }

  /** Requests accepted and not yet answered (live streams included until they end). */
  get pending(): number {
    return this.inFlight;
  }

  /** From now on new requests get the 503 problem. Idempotent. */
  close(): void {
    this.closingSince ??= Date.now();
  }

  /** Resolves true once no accepted request is pending, false when `timeoutMs` passed first. */
  drained(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.drainedWaiters = this.drainedWaiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.drainedWaiters.push(done);
    });
  }

  private settled(): void {
    this.inFlight -= 1;
    if (this.inFlight > 0) return;
    const waiters = this.drainedWaiters;
    this.drainedWaiters = [];
    for (const w of waiters) w();
  }
}

const gates = new WeakMap<object, ShutdownGate>();

/** Attaches the gate (once) to a Fastify instance that is not ready yet. */
export function attachShutdownGate(fastify: FastifyInstance): ShutdownGate {
  let gate = gates.get(fastify);
  if (!gate) gates.set(fastify, (gate = new ShutdownGate(fastify)));
  return gate;
}

/** The gate `createApp` attached, if any. */
export function shutdownGateOf(fastify: FastifyInstance): ShutdownGate | undefined {
  return gates.get(fastify);
}
