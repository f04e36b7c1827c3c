import request from 'supertest';
import { leanRoutesOf } from '../../apps/ledger-api/src/platform/lean-routes';
import { ReadSide } from '../../apps/ledger-api/src/queries/read-side.service';
import { InMemoryEventStore, LEAD, PARTNER, schoolBody, startTestApp, type TestApp } from './support';

/**
 * ADR 0123: the `@LeanRoute()` routes (GET one school, group or cooperation) run the global
 * guards, the pipe, the handler and the problem filter without Nest's router. Two apps on the
 * same events, one with the lean routes and one without, must give every request the same answer:
 * status, body, and every header but the date and the correlation id, rate-limit headers and
 * 429s included (each app counts its own hits, and both see the same sequence).
 */
describe('lean read routes answer exactly as Nest’s router does', () => {
  const store = new InMemoryEventStore();
  const env = {
    LEDGER_TODAY: '2026-11-27',
    LEDGER_RATE_LIMIT: '40',
    LEDGER_JWT_SECRET: 'lean-routes-spec-secret-lean-routes-spec-secret-0123',
  };
  let lean: TestApp;
  let nest: TestApp;
  let admin: string;
  let viewer: string;
  let district: string;

  beforeAll(async () => {
    lean = await startTestApp(env, { eventStore: store });
    await lean.app.get(ReadSide).whenReady();
    admin = await lean.auth('admin');
    viewer = await lean.auth('viewer');
    district = await lean.auth('recorder', '430104');
    const post = (path: string, body: object) =>
      request(lean.server).post(`/api/v1${path}`).set('Authorization', admin).send(body).expect(201);
    await post('/schools', schoolBody(LEAD, '430103', { occurredOn: '2020-01-10' }));
    await post('/schools', schoolBody(PARTNER, '430104', { occurredOn: '2020-01-12' }));
    await post('/groups', { groupId: 'grp-lean', name: '长郡教育集团', leadSchoolId: LEAD, occurredOn: '2021-03-01' });
    await post('/groups/grp-lean/cooperations', {
      cooperationId: 'coop-lean',
      partnerSchoolId: PARTNER,
      mode: 'ENTRUSTED_MANAGEMENT',
      occurredOn: '2021-09-01',
    });
    // The second app starts on the same events (its read side catches up from the store).
    nest = await startTestApp(env, { eventStore: store, leanRoutes: false });
    await nest.app.get(ReadSide).whenReady();
    await lean.app.get(ReadSide).reach((await store.headPosition()).toString());
  });
  afterAll(async () => {
    await nest?.close();
    await lean?.close();
  });

  const VARYING = new Set(['date', 'x-correlation-id']);
  async function answer(t: TestApp, method: 'get' | 'head', path: string, auth?: string) {
    let req = request(t.server)[method](path);
    if (auth !== undefined) req = req.set('Authorization', auth);
    const res = await req;
    const headers = Object.fromEntries(Object.entries(res.headers).filter(([k]) => !VARYING.has(k)));
    return { status: res.status, headers, body: res.text };
  }

  it('serves GET one school, group and cooperation (HEAD too) and every command through the lean handler, only when asked', () => {
    const routes = leanRoutesOf(lean.app.getHttpAdapter().getInstance());
    for (const type of ['schools', 'groups', 'cooperations'])
      for (const method of ['GET', 'HEAD']) expect(routes).toContain(`${method} /api/v1/${type}/:id`);
    const reads = routes.filter((r) => !r.startsWith('POST '));
    expect(reads).toHaveLength(6);
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/v1/schools',
        'POST /api/v1/schools/:id/lead-designations',
        'POST /api/v1/groups',
        'POST /api/v1/groups/:id/cooperations',
        'POST /api/v1/events/:eventId/retractions',
      ]),
    );
    expect(leanRoutesOf(nest.app.getHttpAdapter().getInstance())).toEqual([]);
  });

  it('gives the same status, headers and body for every kind of request, then the same 429s', async () => {
    const cases: Array<['get' | 'head', string, string | undefined]> = [
      ['get', '/api/v1/groups/grp-lean', admin],
      ['get', '/api/v1/groups/grp-lean', viewer],
      ['get', '/api/v1/groups/grp-lean', district],
      ['get', `/api/v1/schools/${LEAD}`, viewer],
      ['get', '/api/v1/cooperations/coop-lean', viewer],
      ['get', '/api/v1/cooperations/nope', viewer],
      ['get', '/api/v1/groups/nope', viewer],
      ['get', '/api/v1/groups/-bad', viewer],
      ['get', `/api/v1/groups/${'a'.repeat(65)}`, viewer],
      ['get', '/api/v1/groups/-bad', undefined],
      ['get', '/api/v1/groups/-bad?asOf=2021-13-01&bogus=1', viewer],
      ['get', '/api/v1/groups/grp-lean', undefined],
      ['get', '/api/v1/groups/grp-lean', 'Bearer not-a-token'],
      ['get', '/api/v1/groups/grp-lean', 'Basic abc'],
      ['get', '/api/v1/groups/grp-lean?asOf=2021-02-28', viewer],
      ['get', '/api/v1/groups/grp-lean?asOf=2021-13-01', viewer],
      ['get', '/api/v1/groups/grp-lean?knownAt=1', viewer],
      ['get', '/api/v1/groups/grp-lean?minPosition=999999', viewer],
      ['get', '/api/v1/groups/grp-lean?bogus=1', viewer],
      ['get', '/api/v1/groups/grp-lean?', viewer],
      ['get', '/api/v1/groups/', viewer],
      ['get', '/api/v1/groups/grp%2Dlean', viewer],
      ['head', '/api/v1/groups/grp-lean', viewer],
      ['head', '/api/v1/groups/nope', viewer],
    ];
    for (const [method, path, auth] of cases) {
      const expected = await answer(nest, method, path, auth);
      const got = await answer(lean, method, path, auth);
      expect({ method, path, ...got }).toEqual({ method, path, ...expected });
    }
    // Past the limit (40 a minute per route and client): both answer 429 with Retry-After.
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const expected = await answer(nest, 'get', '/api/v1/groups/grp-lean', viewer);
      const got = await answer(lean, 'get', '/api/v1/groups/grp-lean', viewer);
      expect(got).toEqual(expected);
      statuses.push(got.status);
    }
    expect(statuses).toContain(429);
    expect(statuses).toContain(200);
  });

  it('answers commands as Nest’s router does: 201s, refusals, dry runs, idempotent replays, If-Match', async () => {
    // Each app on its own fresh store, fed the same commands in the same order: same positions
    // and revisions; random event ids are masked.
    const leanW = await startTestApp(env, { eventStore: new InMemoryEventStore() });
    const nestW = await startTestApp(env, { eventStore: new InMemoryEventStore(), leanRoutes: false });
    try {
      const recorder = await leanW.auth('recorder', 'city');
      const outside = await leanW.auth('recorder', '430111');
      const reader = await leanW.auth('viewer');
      const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
      const send = async (
        t: TestApp,
        path: string,
        body: unknown,
        headers: Record<string, string>,
      ): Promise<{ status: number; headers: Record<string, unknown>; body: string }> => {
        let req = request(t.server).post(path);
        for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
        const res = typeof body === 'string' ? await req.send(body) : await req.send(body as object);
        const kept = Object.fromEntries(Object.entries(res.headers).filter(([k]) => !VARYING.has(k)));
        return { status: res.status, headers: kept, body: res.text.replace(UUID, '<uuid>') };
      };
      const json = { 'Content-Type': 'application/json' };
      const cases: Array<[string, unknown, Record<string, string>]> = [
        ['/api/v1/schools', schoolBody(LEAD, '430103'), { ...json, Authorization: recorder }],
        ['/api/v1/schools', schoolBody(LEAD, '430103'), { ...json, Authorization: recorder }],
        ['/api/v1/schools', schoolBody(PARTNER, '430104'), { ...json, Authorization: reader }],
        ['/api/v1/schools', schoolBody(PARTNER, '430104'), { ...json, Authorization: outside }],
        ['/api/v1/schools', schoolBody(PARTNER, '430104'), json],
        ['/api/v1/schools', { ...schoolBody(PARTNER, '430104'), stages: [], extra: 1 }, { ...json, Authorization: recorder }],
        ['/api/v1/schools?dryRun=true', schoolBody(PARTNER, '430104'), { ...json, Authorization: recorder }],
        ['/api/v1/schools?dryRun=maybe', schoolBody(PARTNER, '430104'), { ...json, Authorization: recorder }],
        ['/api/v1/schools', schoolBody(PARTNER, '430104'), { ...json, Authorization: recorder, 'Idempotency-Key': 'k-1' }],
        ['/api/v1/schools', schoolBody(PARTNER, '430104'), { ...json, Authorization: recorder, 'Idempotency-Key': 'k-1' }],
        ['/api/v1/schools', schoolBody('4301050001', '430105'), { ...json, Authorization: recorder, 'Idempotency-Key': 'k-1' }],
        ['/api/v1/schools', schoolBody('4301050001', '430105'), { ...json, Authorization: recorder, 'Idempotency-Key': ' ' }],
        ['/api/v1/schools', '{"schoolId":', { ...json, Authorization: recorder }],
        ['/api/v1/schools', 'schoolId=1', { 'Content-Type': 'text/plain', Authorization: recorder }],
        [`/api/v1/schools/${LEAD}/lead-designations`, { documentNo: '长教通〔2021〕12号' }, { ...json, Authorization: recorder, 'If-Match': '"0"' }],
        [`/api/v1/schools/${LEAD}/lead-designations`, { documentNo: '长教通〔2021〕12号' }, { ...json, Authorization: recorder, 'If-Match': '"0"' }],
        [`/api/v1/schools/${LEAD}/lead-designations`, { documentNo: '' }, { ...json, Authorization: recorder, 'If-Match': 'x' }],
        ['/api/v1/schools/123/lead-designations', { documentNo: 5 }, { ...json, Authorization: recorder }],
        ['/api/v1/schools/123/lead-designations', { documentNo: 5 }, json],
        ['/api/v1/schools/4309990001/lead-designations', { documentNo: 'x' }, { ...json, Authorization: recorder }],
        ['/api/v1/groups', { groupId: 'grp-w', name: '长郡教育集团', leadSchoolId: LEAD, occurredOn: '2021-03-01' }, { ...json, Authorization: recorder }],
        ['/api/v1/groups/grp-w/cooperations', { cooperationId: 'coop-w', partnerSchoolId: PARTNER, mode: 'ENTRUSTED_MANAGEMENT', occurredOn: '2021-09-01' }, { ...json, Authorization: recorder }],
        ['/api/v1/groups/grp-w/cooperations', { partnerSchoolId: PARTNER, mode: 'NOPE' }, { ...json, Authorization: recorder }],
      ];
      const statuses = new Set<number>();
      for (const [path, body, headers] of cases) {
        const expected = await send(nestW, path, body, headers);
        const got = await send(leanW, path, body, headers);
        expect({ path, ...got }).toEqual({ path, ...expected });
        statuses.add(got.status);
      }
      expect([...statuses].sort()).toEqual([200, 201, 400, 401, 403, 404, 409, 412, 415, 422]);
    } finally {
      await leanW.close();
      await nestW.close();
    }
  });
});
