import type { INestApplication } from '@nestjs/common';
import Fastify, { type FastifyInstance } from 'fastify';
import { drainMsFor, shutDown, shutdownTimeoutMs, type ShutdownOptions } from './graceful-shutdown';
import { endLiveStreams, trackLiveStream } from './live-streams';
import { attachShutdownGate, shutdownGateOf, type ShutdownGate } from './shutdown-gate';

describe('shutdown gate', () => {
  let fastify: FastifyInstance;
  let gate: ShutdownGate;
  let base: string;
  let releaseSlow: () => void = () => undefined;

  beforeEach(async () => {
    fastify = Fastify({ return503OnClosing: false });
    gate = attachShutdownGate(fastify);
    fastify.get('/fast', async () => ({ ok: true }));
    fastify.get('/slow', () => new Promise((resolve) => (releaseSlow = () => resolve({ slow: true }))));
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    const address = fastify.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterEach(async () => {
    releaseSlow();
    fastify.server.closeAllConnections();
    await fastify.close();
  });

  it('is attached once per instance and found again', () => {
    expect(attachShutdownGate(fastify)).toBe(gate);
    expect(shutdownGateOf(fastify)).toBe(gate);
  });

  it('answers new requests with a 503 problem + Retry-After while in-flight ones finish', async () => {
    const slow = fetch(`${base}/slow`);
    while (gate.pending === 0) await new Promise((r) => setTimeout(r, 5));
    gate.close();
    const refused = await fetch(`${base}/fast`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toMatchObject({ status: 503, code: 'SERVICE.SHUTTING_DOWN' });

    const drained = gate.drained(5_000);
    releaseSlow();
    expect(await drained).toBe(true);
    expect((await slow).status).toBe(200);
    expect(gate.pending).toBe(0);
  });

  it('reports false when requests are still pending at the bound', async () => {
    void fetch(`${base}/slow`).catch(() => undefined);
    while (gate.pending === 0) await new Promise((r) => setTimeout(r, 5));
    expect(await gate.drained(50)).toBe(false);
  });
});

describe('live streams', () => {
  it('ends every stream of one server only, once', () => {
    const a = {};
    const b = {};
    const ended: string[] = [];
    trackLiveStream(a, () => ended.push('a1'));
    const untrack = trackLiveStream(a, () => ended.push('a2'));
    trackLiveStream(b, () => ended.push('b1'));
    untrack();
    expect(endLiveStreams(a)).toBe(1);
    expect(endLiveStreams(a)).toBe(0);
    expect(ended).toEqual(['a1']);
  });
});

describe('shutDown', () => {
  function fakeGate(pending: boolean): ShutdownGate {
    const server = { listening: false, close: jest.fn(), closeIdleConnections: jest.fn(), closeAllConnections: jest.fn() };
    return {
      server,
      pending: pending ? 1 : 0,
      close: jest.fn(),
      drained: jest.fn(async () => !pending),
    } as unknown as ShutdownGate;
  }
  function options(timeoutMs: number): ShutdownOptions & { exits: number[]; lines: string[] } {
    const exits: number[] = [];
    const lines: string[] = [];
    return { timeoutMs, drainMs: drainMsFor(timeoutMs), exits, lines, log: (l) => lines.push(l), exit: (c) => exits.push(c) };
  }

  it('closes the gate, then the app, and exits 0', async () => {
    const order: string[] = [];
    const gate = fakeGate(false);
    (gate.close as jest.Mock).mockImplementation(() => order.push('gate'));
    const app = { close: jest.fn(async () => void order.push('app')) } as unknown as INestApplication;
    const o = options(1_000);
    expect(await shutDown(app, gate, 'SIGTERM', o)).toBe(0);
    expect(order).toEqual(['gate', 'app']);
    expect(o.exits).toEqual([0]);
  });

  it('exits 1 with a log line when the app does not close before the hard deadline', async () => {
    const gate = fakeGate(true);
    const app = { close: () => new Promise<void>(() => undefined) } as unknown as INestApplication;
    const o = options(60);
    void shutDown(app, gate, 'SIGTERM', o);
    while (o.exits.length === 0) await new Promise((r) => setTimeout(r, 10));
    expect(o.exits).toEqual([1]);
    expect(o.lines.some((l) => l.includes('did not finish within 60 ms'))).toBe(true);
  });

  it('reads LEDGER_SHUTDOWN_TIMEOUT_MS and refuses malformed values', () => {
    expect(shutdownTimeoutMs({})).toBe(15_000);
    expect(shutdownTimeoutMs({ LEDGER_SHUTDOWN_TIMEOUT_MS: '3000' })).toBe(3_000);
    expect(() => shutdownTimeoutMs({ LEDGER_SHUTDOWN_TIMEOUT_MS: '10s' })).toThrow(/LEDGER_SHUTDOWN_TIMEOUT_MS/);
    expect(drainMsFor(15_000)).toBe(10_000);
    expect(drainMsFor(3_000)).toBe(2_000);
  });
});
