import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import request from 'supertest';
import { LEAD, PARTNER, schoolBody, startTestApp, type TestApp } from './support';

/** The HTTP platform around the commands: health, docs, headers, CORS, throttling, correlation ids. */
describe('the API platform', () => {
  describe('with the default configuration', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => {
      await t.close();
    });

    it('answers /health without a token, with the store reachable', async () => {
      const res = await request(t.server).get('/health');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok', info: { eventStore: { status: 'up' } } });
      // DESIGN.md lists GET /health among the /api/v1 routes: the same answer there.
      const prefixed = await request(t.server).get('/api/v1/health');
      expect(prefixed.status).toBe(200);
      expect(prefixed.body).toMatchObject({ status: 'ok', info: { eventStore: { status: 'up' } } });
      expect((await request(t.server).get('/api/v1/healthz')).status).toBe(404);
    });

    it("answers /health 503 with every indicator's details when one is down, and logs the change once, not each probe (ADR 0147)", async () => {
      const warn = jest.spyOn(Logger.prototype, 'warn');
      const info = jest.spyOn(Logger.prototype, 'log');
      const error = jest.spyOn(Logger.prototype, 'error');
      const ping = jest.spyOn(t.store, 'ping').mockResolvedValue(false);
      try {
        for (let i = 0; i < 3; i++) {
          const res = await request(t.server).get('/health');
          expect(res.status).toBe(503);
          expect(res.headers['content-type']).toMatch(/^application\/json/);
          expect(res.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');
          expect(res.body).toMatchObject({
            status: 'error',
            error: { eventStore: { status: 'down', message: 'store did not answer' } },
            info: { projections: { status: 'up', caughtUp: true, restoring: false } },
            details: {
              eventStore: { status: 'down' },
              projections: { status: 'up' },
              audit: { status: 'up' },
            },
          });
        }
        const notReady = (spy: jest.SpyInstance) =>
          spy.mock.calls.filter((c) => /^\/health /.test(String(c[0])));
        expect(notReady(warn).map((c) => c[0])).toEqual([
          '/health 未就绪 · not ready: eventStore (store did not answer)',
        ]);
        expect(error).not.toHaveBeenCalled(); // a state, not a fault: no stack per probe
        ping.mockRestore();
        expect((await request(t.server).get('/health')).status).toBe(200);
        expect((await request(t.server).get('/health')).status).toBe(200);
        expect(notReady(info).map((c) => c[0])).toEqual(['/health 已就绪 · ready again']);
      } finally {
        jest.restoreAllMocks();
      }
    });

    it('serves the OpenAPI UI and JSON without a token', async () => {
      const ui = await request(t.server).get('/api/docs');
      expect(ui.status).toBe(200);
      expect(ui.text).toMatch(/swagger/i);
      const json = await request(t.server).get('/api/docs-json');
      expect(json.body.openapi).toMatch(/^3\./);
      const fees = json.body.paths['/api/v1/cooperations/{id}/fees'].post;
      expect(fees.security).toEqual(expect.arrayContaining([{ bearer: [] }]));
      expect(fees.parameters.map((p: { name: string }) => p.name)).toEqual(
        expect.arrayContaining(['Idempotency-Key', 'If-Match', 'dryRun']),
      );
      expect(Object.keys(fees.responses)).toEqual(
        expect.arrayContaining(['201', '400', '401', '403', '404', '409', '412', '413', '415', '422']),
      );
      expect(json.body.components.schemas.RegisterSchoolRequestDto.properties.schoolId.example).toBe(
        '4301040001',
      );
    });

    it('sets security headers, echoes the correlation id and records it in the event', async () => {
      const auth = await t.auth('recorder');
      const res = await request(t.server)
        .post('/api/v1/schools')
        .set('Authorization', auth)
        .set('X-Correlation-Id', 'req-42')
        .send(schoolBody(LEAD, '430103'));
      expect(res.status).toBe(201);
      expect(res.headers['x-correlation-id']).toBe('req-42');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect((await t.store.findEvent(res.body.eventId))!.metadata).toMatchObject({
        correlationId: 'req-42',
      });
      const generated = await request(t.server)
        .post('/api/v1/schools')
        .set('Authorization', auth)
        .send(schoolBody(PARTNER, '430104'));
      expect(generated.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect((await t.store.findEvent(generated.body.eventId))!.metadata).toMatchObject({
        correlationId: generated.headers['x-correlation-id'],
      });
    });

    it('accepts a body-less command without a content type', async () => {
      const auth = await t.auth('recorder');
      await request(t.server)
        .post('/api/v1/groups')
        .set('Authorization', auth)
        .send({ groupId: 'g1', name: 'G', leadSchoolId: LEAD, occurredOn: '2022-02-01' })
        .expect(201);
      await request(t.server)
        .post('/api/v1/groups/g1/cooperations')
        .set('Authorization', auth)
        .send({
          cooperationId: 'c1',
          partnerSchoolId: PARTNER,
          mode: 'SCHOOL_UNION',
          occurredOn: '2022-03-01',
        })
        .expect(201);
      const res = await request(t.server)
        .post('/api/v1/cooperations/c1/admission')
        .set('Authorization', auth);
      expect(res.status).toBe(201);
    });
  });

  describe('with CORS and a small rate limit configured', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ LEDGER_CORS_ORIGIN: 'https://dash.example.cn', LEDGER_RATE_LIMIT: '3' });
    });
    afterAll(async () => {
      await t.close();
    });

    it('allows the configured origin and throttles with a 429 problem', async () => {
      const preflight = await request(t.server)
        .options('/api/v1/schools')
        .set('Origin', 'https://dash.example.cn')
        .set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBe('https://dash.example.cn');
      const viewer = await t.auth('viewer');
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push(
          (
            await request(t.server)
              .post('/api/v1/cooperations/c1/fees')
              .set('Authorization', viewer)
              .send({ amountFen: 1 })
          ).status,
        );
      expect(statuses.slice(0, 3)).toEqual([403, 403, 403]);
      expect(statuses.slice(3)).toEqual([429, 429]);
      expect((await request(t.server).get('/health')).status).toBe(200);
      const limited = await request(t.server)
        .post('/api/v1/cooperations/c1/fees')
        .set('Authorization', viewer)
        .send({ amountFen: 1 });
      expect(limited.status).toBe(429);
      expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });
});

describe('the dashboard files', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-dash-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>账本</title>');
    fs.writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
    t = await startTestApp({ LEDGER_DASHBOARD_DIR: dir });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('are served at / without a token, beside the API', async () => {
    const index = await request(t.server).get('/');
    expect(index.status).toBe(200);
    expect(index.text).toContain('账本');
    expect((await request(t.server).get('/assets/app.js')).status).toBe(200);
    expect((await request(t.server).get('/health')).status).toBe(200);
    const missing = await request(t.server).get('/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
