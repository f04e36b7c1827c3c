/**
 * Graceful shutdown (ADR 0085): the built app runs as a child process; a client posts commands
 * (8 in flight) and an SSE client is connected when the test sends SIGTERM. The process must exit
 * with code 0 before a generous bound (30 s; the app's own hard deadline is 15 s), every command
 * whose 201 the client got is in the store exactly once, the SSE stream is ended by the server,
 * and every answer given while closing is a 201 (accepted before) or a 503 RFC 9457 problem
 * document with Retry-After — never a 500. Connection errors are allowed (the port is closed).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mintToken } from '@ledger/platform';
import { BUILT, TEST_JWT_SECRET, startChildApp, type ChildApp } from './support/child-app';
import { recordFigures } from './support/figures';
import { readWholeLog } from './support/ledger-checks';
import { SEED, leadOp, markerOf, nthOp, prng, type Op } from './support/workload';

const IN_FLIGHT = 8;
const EXIT_BOUND_MS = 30_000;

interface Answer {
  readonly key: string;
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly contentType: string;
  readonly retryAfter: string | null;
  readonly afterSigterm: boolean;
}

const describeBuilt = BUILT ? describe : describe.skip;

describeBuilt(
  `graceful shutdown on SIGTERM${BUILT ? '' : ' (skipped: dist/ not built, run npm run build:server)'}`,
  () => {
    jest.setTimeout(120_000);
    let dataDir: string;
    let auth: string;
    let app: ChildApp | undefined;

    beforeAll(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-shutdown-'));
      auth = `Bearer ${await mintToken({ role: 'recorder', jurisdiction: 'city', sub: 'shutdown-client', ttl: '1h' }, TEST_JWT_SECRET)}`;
    });
    afterAll(async () => {
      await app?.kill();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    async function send(base: string, op: Op, afterSigterm: () => boolean): Promise<Answer> {
      const res = await fetch(`${base}/api/v1${op.path}`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json', 'idempotency-key': op.key },
        body: JSON.stringify(op.body),
        signal: AbortSignal.timeout(EXIT_BOUND_MS),
      });
      const text = await res.text();
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        body = { text };
      }
      return {
        key: op.key,
        status: res.status,
        body,
        contentType: res.headers.get('content-type') ?? '',
        retryAfter: res.headers.get('retry-after'),
        afterSigterm: afterSigterm(),
      };
    }

    it('exits 0 with writes in flight and an SSE client connected, keeping every acknowledged write', async () => {
      app = await startChildApp(dataDir, { LEDGER_SHUTDOWN_TIMEOUT_MS: '15000' });
      const child = app;
      const lead = await send(child.base, leadOp(), () => false);
      expect(lead.status).toBe(201);

      // The SSE client: reads until the server ends the stream (or the connection drops).
      const sse = await fetch(`${child.base}/api/v1/stream`, { headers: { authorization: auth } });
      expect(sse.status).toBe(200);
      const reader = sse.body!.getReader();
      let sseFrames = 0;
      const sseEnd = (async (): Promise<'ended' | 'dropped'> => {
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) return 'ended';
            sseFrames += (new TextDecoder().decode(value).match(/\nid: /g) ?? []).length;
          }
        } catch {
          return 'dropped';
        }
      })();

      let sigtermAt = 0;
      const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
        child.child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
      );
      let exited = false;
      void exit.then(() => (exited = true));

      const answers: Answer[] = [lead];
      let connectionErrors = 0;
      const random = prng(SEED + 85);
      let next = 0;
      const worker = async () => {
        while (!exited) {
          const op = nthOp(next++, random, 'shutdown');
          try {
            answers.push(await send(child.base, op, () => sigtermAt > 0));
          } catch {
            connectionErrors += 1;
            if (sigtermAt === 0) throw new Error(`connection failed before SIGTERM (${op.key})`);
            await new Promise((r) => setTimeout(r, 20));
          }
        }
      };
      const workers = Array.from({ length: IN_FLIGHT }, () => worker());

      // Let writes flow, then SIGTERM with requests in flight.
      await new Promise((r) => setTimeout(r, 1_500));
      sigtermAt = Date.now();
      child.child.kill('SIGTERM');
      const bound = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), EXIT_BOUND_MS).unref());
      const outcome = await Promise.race([exit, bound]);
      if (outcome === 'timeout') {
        await child.kill();
        throw new Error(`ledger-api did not exit within ${EXIT_BOUND_MS} ms of SIGTERM:\n${child.output().slice(-3000)}`);
      }
      exited = true;
      await Promise.all(workers);
      const streamOutcome = await sseEnd;

      expect({ code: outcome.code, signal: outcome.signal }).toEqual({ code: 0, signal: null });

      // Before SIGTERM every command is accepted; after it, a 201 (accepted in time) or a 503 problem.
      const wrong = answers.filter((a) =>
        a.afterSigterm
          ? !(
              a.status === 201 ||
              (a.status === 503 &&
                a.contentType.startsWith('application/problem+json') &&
                a.body.status === 503 &&
                a.retryAfter !== null)
            )
          : a.status !== 201,
      );
      expect(wrong).toEqual([]);

      // The server ended the SSE stream (so EventSource reconnects elsewhere with Last-Event-ID).
      expect(streamOutcome).toBe('ended');

      // Every acknowledged command is in the store exactly once.
      const acked = answers.filter((a) => a.status === 201);
      const log = await readWholeLog(dataDir);
      const byId = new Map<string, number>();
      const byMarker = new Map<string, number>();
      for (const e of log) {
        byId.set(e.eventId, (byId.get(e.eventId) ?? 0) + 1);
        const marker = markerOf(e);
        if (marker) byMarker.set(marker, (byMarker.get(marker) ?? 0) + 1);
      }
      const missingOrDoubled = acked.filter(
        (a) => byId.get(String(a.body.eventId)) !== 1 || byMarker.get(a.key) !== 1,
      );
      expect(missingOrDoubled.map((a) => a.key)).toEqual([]);

      recordFigures('shutdown', {
        seed: SEED + 85,
        acknowledged: acked.length,
        acknowledgedAfterSigterm: acked.filter((a) => a.afterSigterm).length,
        unavailableWhileClosing: answers.filter((a) => a.status === 503).length,
        connectionErrors,
        sseFrames,
        exitMs: outcome.at - sigtermAt,
        eventsInStore: log.length,
      });
    });
  },
);
