/**
 * Access: every route × every role × a district recorder inside and outside the subject's
 * district; bad tokens (expired, not yet valid, foreign secret, alg none, missing claims); rate
 * limiting (429); helmet headers; CORS off unless configured; no token or secret in the logs.
 * Command routes are called with ?dryRun=true when the role is allowed (nothing written, the
 * same guard and scope check), and for real when it is not (it must be a 403 that writes nothing).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SignJWT } from 'jose';
import { JWT_AUDIENCE, JWT_ISSUER, mintToken, resolveJwtSecret } from '@ledger/platform';
import { startTestApp, type TestApp } from '../e2e/support';
import { BUILT, TEST_JWT_SECRET, startChildApp } from './support/child-app';
import { recordFigures } from './support/figures';
import { COMMAND_ROUTES, COOP, GROUP, LEAD, SETUP, pathOf } from './support/routes';

const figures: Record<string, unknown> = {};
afterAll(() => recordFigures('access', figures));

/** District of the subject each command route touches (inside scope); OUTSIDE touches none of them. */
const INSIDE: Record<string, string> = {
  RegisterSchool: '430105',
  RecordBrandUsage: '430104',
  WithdrawBrand: '430104',
};
const OUTSIDE = '430121';

interface Caller {
  readonly label: string;
  readonly role: 'admin' | 'recorder' | 'supervisor' | 'auditor' | 'viewer';
  readonly district?: 'inside' | 'outside';
}
const CALLERS: Caller[] = [
  { label: 'admin', role: 'admin' },
  { label: 'recorder(city)', role: 'recorder' },
  { label: 'recorder(inside)', role: 'recorder', district: 'inside' },
  { label: 'recorder(outside)', role: 'recorder', district: 'outside' },
  { label: 'supervisor', role: 'supervisor' },
  { label: 'auditor', role: 'auditor' },
  { label: 'viewer', role: 'viewer' },
];

const QUERY_ROUTES = [
  '/api/v1/compliance',
  '/api/v1/deadlines',
  '/api/v1/dashboard/summary',
  '/api/v1/events',
  `/api/v1/schools/${LEAD}`,
  `/api/v1/groups/${GROUP}`,
  `/api/v1/cooperations/${COOP}`,
  `/api/v1/groups/${GROUP}/history`,
  `/api/v1/cooperations/${COOP}/history`,
  `/api/v1/leads/${LEAD}/footprint`,
];
const AUDIT_READS = [
  '/api/v1/audit/checkpoints/latest',
  '/api/v1/audit/public-key',
  '/api/v1/audit/proofs/inclusion?leafIndex=0&treeSize=1',
  '/api/v1/audit/proofs/consistency?first=1&second=1',
];

describe('access matrix: every route × role × district scope', () => {
  jest.setTimeout(5 * 60_000);
  let t: TestApp;
  let cases = 0;

  beforeAll(async () => {
    t = await startTestApp({ LEDGER_TODAY: '2026-01-15' });
    const admin = await t.auth('admin');
    let first = '';
    for (const s of SETUP) {
      const res = await t.app.inject({
        method: 'POST',
        url: s.path,
        headers: { authorization: admin, 'content-type': 'application/json' },
        payload: JSON.stringify(s.body),
      });
      expect(res.statusCode).toBe(201);
      first ||= (res.json() as { eventId: string }).eventId;
    }
    (COMMAND_ROUTES.find((r) => r.name === 'RetractEvent') as { id?: string }).id = first;
  });
  afterAll(async () => {
    figures.matrixCases = cases;
    figures.routes = COMMAND_ROUTES.length + QUERY_ROUTES.length + AUDIT_READS.length + 1;
    await t.close();
  });

  async function authFor(c: Caller, routeName: string): Promise<string> {
    const jurisdiction =
      c.role !== 'recorder'
        ? undefined
        : c.district === 'inside'
          ? (INSIDE[routeName] ?? '430103')
          : c.district === 'outside'
            ? OUTSIDE
            : 'city';
    return t.auth(c.role, jurisdiction, `acc-${c.label}`);
  }

  it('command routes: the allowed roles pass the guard (dry run), every other role and an out-of-district recorder get a 403 that writes nothing', async () => {
    const wrong: unknown[] = [];
    for (const route of COMMAND_ROUTES) {
      for (const c of CALLERS) {
        const allowed = c.role === 'admin' || (route.roles.includes(c.role) && c.district !== 'outside');
        const headers = { authorization: await authFor(c, route.name), 'content-type': 'application/json' };
        const head = await t.store.headPosition();
        const res = await t.app.inject({
          method: 'POST',
          url: allowed ? `${pathOf(route)}?dryRun=true` : pathOf(route),
          headers,
          payload: JSON.stringify(route.body),
        });
        cases += 1;
        const after = await t.store.headPosition();
        const ok = allowed
          ? res.statusCode !== 401 && res.statusCode !== 403 && res.statusCode < 500
          : res.statusCode === 403 &&
            res.headers['content-type']?.toString().startsWith('application/problem+json');
        if (!ok || after !== head)
          wrong.push({
            route: route.name,
            caller: c.label,
            allowed,
            status: res.statusCode,
            wrote: after !== head,
            body: res.body.slice(0, 200),
          });
      }
      // And with no token at all.
      const res = await t.app.inject({
        method: 'POST',
        url: pathOf(route),
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(route.body),
      });
      cases += 1;
      if (res.statusCode !== 401)
        wrong.push({ route: route.name, caller: 'anonymous', status: res.statusCode });
    }
    expect(wrong).toEqual([]);
  });

  it('dry runs of the allowed callers mostly succeed (the matrix exercises real decisions, not only the guard)', async () => {
    let ok = 0;
    for (const route of COMMAND_ROUTES) {
      const res = await t.app.inject({
        method: 'POST',
        url: `${pathOf(route)}?dryRun=true`,
        headers: { authorization: await t.auth('admin'), 'content-type': 'application/json' },
        payload: JSON.stringify(route.body),
      });
      if (res.statusCode === 200) ok += 1;
    }
    figures.dryRunsAccepted = ok;
    expect(ok).toBeGreaterThan(COMMAND_ROUTES.length / 2);
  });

  it('query routes: every authenticated role reads, anonymous gets 401; audit reads are for auditors and admins only', async () => {
    const wrong: unknown[] = [];
    for (const url of QUERY_ROUTES) {
      for (const c of CALLERS) {
        const res = await t.app.inject({
          method: 'GET',
          url,
          headers: { authorization: await authFor(c, 'query') },
        });
        cases += 1;
        const ok =
          c.district === 'outside' ? res.statusCode !== 401 && res.statusCode < 500 : res.statusCode === 200;
        if (!ok) wrong.push({ url, caller: c.label, status: res.statusCode, body: res.body.slice(0, 200) });
      }
      const anon = await t.app.inject({ method: 'GET', url });
      cases += 1;
      if (anon.statusCode !== 401) wrong.push({ url, caller: 'anonymous', status: anon.statusCode });
    }
    for (const url of AUDIT_READS) {
      for (const c of CALLERS) {
        const res = await t.app.inject({
          method: 'GET',
          url,
          headers: { authorization: await authFor(c, 'audit') },
        });
        cases += 1;
        const allowed = c.role === 'admin' || c.role === 'auditor';
        const ok = allowed
          ? res.statusCode !== 401 && res.statusCode !== 403 && res.statusCode < 500
          : res.statusCode === 403;
        if (!ok)
          wrong.push({ url, caller: c.label, allowed, status: res.statusCode, body: res.body.slice(0, 200) });
      }
    }
    for (const c of CALLERS) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/audit/checkpoints',
        headers: { authorization: await authFor(c, 'audit') },
      });
      cases += 1;
      const ok =
        c.role === 'admin'
          ? res.statusCode < 400 || (res.statusCode !== 401 && res.statusCode !== 403 && res.statusCode < 500)
          : res.statusCode === 403;
      if (!ok) wrong.push({ url: 'POST /audit/checkpoints', caller: c.label, status: res.statusCode });
    }
    expect(wrong).toEqual([]);
  });

  it('bad tokens are a 401 problem and write nothing: expired, not yet valid, foreign secret, alg none, missing or wrong claims', async () => {
    const secret = resolveJwtSecret(t.config);
    const other = new TextEncoder().encode('another-secret-another-secret-another-secret');
    const now = Math.floor(Date.now() / 1000);
    const sign = (
      claims: Record<string, unknown>,
      opts: {
        key?: Uint8Array;
        iss?: string | null;
        aud?: string | null;
        sub?: string | null;
        exp?: number | null;
        nbf?: number;
      } = {},
    ) => {
      let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(now - 10);
      if (opts.iss !== null) jwt = jwt.setIssuer(opts.iss ?? JWT_ISSUER);
      if (opts.aud !== null) jwt = jwt.setAudience(opts.aud ?? JWT_AUDIENCE);
      if (opts.sub !== null) jwt = jwt.setSubject(opts.sub ?? 'someone');
      if (opts.exp !== null) jwt = jwt.setExpirationTime(opts.exp ?? now + 3600);
      if (opts.nbf !== undefined) jwt = jwt.setNotBefore(opts.nbf);
      return jwt.sign(opts.key ?? secret);
    };
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const admin = { role: 'admin' };
    const bad: Record<string, string> = {
      expired: await sign(admin, { exp: now - 60 }),
      notYetValid: await sign(admin, { nbf: now + 3600 }),
      foreignSecret: await sign(admin, { key: other }),
      algNone: `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...admin, sub: 'x', iss: JWT_ISSUER, aud: JWT_AUDIENCE, exp: now + 3600 })}.`,
      algNoneUpper: `${b64({ alg: 'NONE' })}.${b64({ ...admin, sub: 'x', exp: now + 3600 })}.`,
      noRole: await sign({}),
      unknownRole: await sign({ role: 'root' }),
      recorderWithoutJurisdiction: await sign({ role: 'recorder' }),
      badJurisdiction: await sign({ role: 'recorder', jurisdiction: '43' }),
      noSubject: await sign(admin, { sub: null }),
      noExpiry: await sign(admin, { exp: null }),
      wrongIssuer: await sign(admin, { iss: 'evil' }),
      wrongAudience: await sign(admin, { aud: 'other-api' }),
      noIssuer: await sign(admin, { iss: null }),
      truncated: (await sign(admin)).slice(0, -5),
      garbage: 'not.a.token',
    };
    const head = await t.store.headPosition();
    const wrong: unknown[] = [];
    const route = COMMAND_ROUTES[0];
    for (const [name, token] of Object.entries(bad)) {
      for (const req of [
        { method: 'POST' as const, url: pathOf(route), payload: JSON.stringify(route.body) },
        { method: 'GET' as const, url: '/api/v1/compliance' },
      ]) {
        const res = await t.app.inject({
          ...req,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        });
        if (
          res.statusCode !== 401 ||
          !String(res.headers['content-type']).startsWith('application/problem+json')
        )
          wrong.push({ name, url: req.url, status: res.statusCode, body: res.body.slice(0, 200) });
      }
    }
    figures.badTokens = Object.keys(bad).length;
    expect(wrong).toEqual([]);
    expect(await t.store.headPosition()).toBe(head);
    // The control: a good token of the same shape is accepted.
    const good = await t.app.inject({
      method: 'GET',
      url: '/api/v1/compliance',
      headers: { authorization: `Bearer ${await sign(admin)}` },
    });
    expect(good.statusCode).toBe(200);
  });

  it('security headers (helmet) are on every answer, CORS is off by default', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/compliance',
      headers: { authorization: await t.auth('viewer'), origin: 'https://evil.example' },
    });
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
    });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/schools',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const problem = await t.app.inject({ method: 'GET', url: '/api/v1/compliance' });
    expect(problem.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('access: rate limiting and configured CORS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LEDGER_RATE_LIMIT: '5', LEDGER_CORS_ORIGIN: 'https://dashboard.example' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 problem documents past LEDGER_RATE_LIMIT requests a minute (per route), and writes nothing then', async () => {
    const auth = await t.auth('recorder');
    const reads: number[] = [];
    for (let i = 0; i < 8; i++)
      reads.push(
        (await t.app.inject({ method: 'GET', url: '/api/v1/compliance', headers: { authorization: auth } }))
          .statusCode,
      );
    expect(reads).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const writes: number[] = [];
    let limited: { headers: Record<string, unknown>; json: () => unknown } | undefined;
    for (let i = 0; i < 8; i++) {
      const head = await t.store.headPosition();
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/schools',
        headers: { authorization: auth, 'content-type': 'application/json' },
        payload: JSON.stringify({ ...COMMAND_ROUTES[0].body, schoolId: `430105000${i}` }),
      });
      writes.push(res.statusCode);
      if (res.statusCode === 429) {
        limited = res;
        expect(await t.store.headPosition()).toBe(head);
      }
    }
    expect(writes).toEqual([201, 201, 201, 201, 201, 429, 429, 429]);
    expect(String(limited!.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(limited!.json()).toMatchObject({ status: 429 });
    figures.rateLimited = [...reads, ...writes].filter((s) => s === 429).length;
  });

  it('allows only the configured origin', async () => {
    const ok = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/schools',
      headers: { origin: 'https://dashboard.example', 'access-control-request-method': 'POST' },
    });
    expect(ok.headers['access-control-allow-origin']).toBe('https://dashboard.example');
    const evil = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/schools',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(evil.headers['access-control-allow-origin']).not.toBe('https://evil.example');
  });
});

(BUILT ? describe : describe.skip)(
  `access: no token or secret in the logs${BUILT ? '' : ' (skipped: dist/ not built, run npm run build:server)'}`,
  () => {
    jest.setTimeout(120_000);
    it('at the most verbose log level, bad and good tokens and the JWT secret never reach stdout/stderr', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-logs-'));
      const app = await startChildApp(dir, { LEDGER_LOG_LEVEL: 'trace', LEDGER_PRINT_TOKENS: 'false' });
      try {
        const good = await mintToken(
          { role: 'recorder', jurisdiction: 'city', sub: 'log-check', ttl: '1h' },
          TEST_JWT_SECRET,
        );
        const foreign = await mintToken(
          { role: 'admin', ttl: '1h' },
          'a-foreign-secret-a-foreign-secret-123456',
        );
        for (const token of [good, foreign, `${good}x`]) {
          await fetch(`${app.base}/api/v1/schools?token=${encodeURIComponent(token)}`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              cookie: `session=${token}`,
            },
            body: JSON.stringify({ schoolId: '1' }),
          });
          await fetch(`${app.base}/api/v1/compliance`, { headers: { authorization: `Bearer ${token}` } });
        }
        await fetch(`${app.base}/api/v1/this/does/not/exist`, {
          headers: { authorization: `Bearer ${good}` },
        });
        // The SSE route takes its token in the query string (EventSource cannot send headers).
        for (const token of [good, foreign]) {
          try {
            const res = await fetch(`${app.base}/api/v1/stream?access_token=${token}`, {
              signal: AbortSignal.timeout(300),
            });
            await res.body?.cancel();
          } catch {
            // aborted: the stream stays open until then
          }
        }
      } finally {
        await app.stop();
      }
      const logs = app.output();
      fs.rmSync(dir, { recursive: true, force: true });
      const secrets = [TEST_JWT_SECRET, 'a-foreign-secret-a-foreign-secret-123456'];
      const tokenSignatures = logs.match(/eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g) ?? [];
      figures.secretsInLogs = tokenSignatures.length + secrets.filter((s) => logs.includes(s)).length;
      figures.logBytesChecked = logs.length;
      expect(logs.length).toBeGreaterThan(0);
      expect(tokenSignatures).toEqual([]);
      for (const s of secrets) expect(logs).not.toContain(s);
    });
  },
);
