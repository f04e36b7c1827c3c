/**
 * Load: a bounded soak (request count limited, loopback only) of mixed reads and writes with
 * autocannon at 64 connections against the built app in a child process. No 5xx, no lost write,
 * and the child's RSS returns near its level after the load (generous tolerance; the figures
 * are recorded, timings are not asserted). RELIABILITY_LOAD_REQUESTS sets the size (default 6000).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { mintToken } from '@ledger/platform';
import { BUILT, TEST_JWT_SECRET, startChildApp, type ChildApp } from './support/child-app';
import { recordFigures } from './support/figures';
import { firstGap, readWholeLog } from './support/ledger-checks';
import { LEAD_ID, leadOp, markerOf, nthOp, post, prng, SEED } from './support/workload';

const REQUESTS = Number(process.env.RELIABILITY_LOAD_REQUESTS ?? 6000);
const CONNECTIONS = 64;
const MiB = 1024 * 1024;

(BUILT ? describe : describe.skip)(
  `load: autocannon at ${CONNECTIONS} connections${BUILT ? '' : ' (skipped: dist/ not built, run npm run build:server)'}`,
  () => {
    jest.setTimeout(10 * 60_000);
    let dataDir: string;
    let app: ChildApp;
    const figures: Record<string, unknown> = {};

    beforeAll(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-load-'));
      app = await startChildApp(dataDir);
    });
    afterAll(async () => {
      await app?.kill();
      recordFigures('load', figures);
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it(`holds ${REQUESTS} mixed requests: no 5xx, every acknowledged write stored once, memory back near its level`, async () => {
      const auth = `Bearer ${await mintToken({ role: 'recorder', jurisdiction: 'city', sub: 'load', ttl: '1h' }, TEST_JWT_SECRET)}`;
      expect((await post(app.base, auth, leadOp())).status).toBe(201);
      // Warm-up (JIT, caches), then the baseline.
      for (let i = 0; i < 50; i++)
        await fetch(`${app.base}/api/v1/compliance`, { headers: { authorization: auth } });
      await new Promise((r) => setTimeout(r, 500));
      const rssBefore = app.rss();

      const random = prng(SEED);
      let n = 0;
      const acked = new Map<string, string>();
      const writeStatuses: Record<string, number> = {};
      const headers = { authorization: auth, 'content-type': 'application/json' };
      const write = {
        method: 'POST' as const,
        path: '/api/v1/schools',
        headers,
        setupRequest: (req: autocannon.Request) => {
          const op = nthOp(n++, random, 'load');
          return {
            ...req,
            path: `/api/v1${op.path}`,
            headers: { ...headers, 'idempotency-key': op.key },
            body: JSON.stringify(op.body),
          };
        },
        onResponse: (status: number, body: string) => {
          writeStatuses[status] = (writeStatuses[status] ?? 0) + 1;
          if (status === 201) {
            const b = JSON.parse(body) as { eventId: string; position: string };
            acked.set(b.eventId, b.position);
          }
        },
      };
      const read = (p: string) => ({ method: 'GET' as const, path: p, headers });
      let rssPeak = rssBefore;
      const sampler = setInterval(() => {
        try {
          rssPeak = Math.max(rssPeak, app.rss());
        } catch {
          // the child is gone: the assertions below say so
        }
      }, 100);
      const result = await autocannon({
        url: app.base,
        connections: CONNECTIONS,
        amount: REQUESTS,
        timeout: 30,
        requests: [
          write,
          read('/api/v1/compliance'),
          read('/api/v1/dashboard/summary'),
          read(`/api/v1/schools/${LEAD_ID}`),
          read('/api/v1/events?limit=50'),
        ] as autocannon.Request[],
      });
      clearInterval(sampler);
      // Let the app settle, then the level after the load.
      await new Promise((r) => setTimeout(r, 3_000));
      const rssAfter = app.rss();
      const health = await fetch(`${app.base}/health`);
      await app.stop();

      const log = await readWholeLog(dataDir);
      const byId = new Map(log.map((e) => [e.eventId, e]));
      const lost = [...acked.entries()].filter(([id, pos]) => byId.get(id)?.position.toString() !== pos);
      const perMarker = new Map<string, number>();
      for (const e of log) {
        const m = markerOf(e);
        if (m) perMarker.set(m, (perMarker.get(m) ?? 0) + 1);
      }
      Object.assign(figures, {
        connections: CONNECTIONS,
        requests: result.requests.sent,
        ok2xx: result['2xx'],
        non2xx: result.non2xx,
        status4xx: result['4xx'],
        status5xx: result['5xx'],
        errors: result.errors,
        timeouts: result.timeouts,
        writeStatuses,
        writesAcknowledged: acked.size,
        lost: lost.length,
        eventsInStore: log.length,
        requestsPerSecond: Math.round(result.requests.average),
        latencyP99Ms: result.latency.p99,
        durationS: result.duration,
        rssBeforeMiB: Math.round(rssBefore / MiB),
        rssPeakMiB: Math.round(rssPeak / MiB),
        rssAfterMiB: Math.round(rssAfter / MiB),
      });
      expect(health.status).toBe(200);
      expect(result['5xx']).toBe(0);
      expect(result.errors).toBe(0);
      expect(result.non2xx).toBe(0);
      expect(acked.size).toBeGreaterThan(0);
      expect(lost).toEqual([]);
      expect([...perMarker.values()].filter((c) => c > 1)).toEqual([]);
      expect(log.length).toBe(acked.size + 1);
      expect(firstGap(log)).toBe(-1);
      // Generous: after the load the app holds no more than 2.5× its baseline (+64 MiB slack).
      expect(rssAfter).toBeLessThan(rssBefore * 2.5 + 64 * MiB);
    });
  },
);
