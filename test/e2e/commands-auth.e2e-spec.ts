import request from 'supertest';
import { SignJWT } from 'jose';
import { JWT_AUDIENCE, JWT_ISSUER, resolveJwtSecret } from '@ledger/platform';
import { LEAD, OTHER_PARTNER, PARTNER, doc, schoolBody, startTestApp, type TestApp } from './support';

/** Every command route of DESIGN.md with a valid body (for role checks). */
const ROUTES: [string, object][] = [
  ['/schools', schoolBody('4301050001', '430105')],
  [`/schools/${LEAD}/lead-designations`, { documentNo: 'x' }],
  [`/schools/${LEAD}/governance-changes`, { field: 'FUNDING_MECHANISM' }],
  [`/schools/${LEAD}/branch-campuses`, { branchName: 'b', establishedBy: { kind: 'CITY_BUREAU' } }],
  [`/schools/${PARTNER}/brand-usages`, { brandOwnerSchoolId: LEAD, elements: ['NAME'], purpose: 'GENERAL' }],
  [`/schools/${PARTNER}/brand-withdrawals`, { brandOwnerSchoolId: LEAD, elements: ['NAME'] }],
  [
    `/schools/${LEAD}/exceptions`,
    { ruleId: 'R04', authority: { kind: 'CITY_BUREAU' }, documentNo: 'x', reason: 'r' },
  ],
  ['/groups', { name: 'G', leadSchoolId: LEAD }],
  ['/groups/g1/charters', { document: doc('CHARTER') }],
  ['/groups/g1/development-plans', { document: doc('DEVELOPMENT_PLAN') }],
  ['/groups/g1/joint-exams', { participants: [LEAD] }],
  ['/groups/g1/direct-promotion-plans', { enrolmentYear: 2024, quota: 1 }],
  [
    '/groups/g1/evaluations',
    {
      period: 'p',
      scores: {
        schoolDevelopment: 1,
        teacherDevelopment: 1,
        studentDevelopment: 1,
        socialRecognition: 1,
        developmentPotential: 1,
      },
      evaluator: 'e',
      report: doc('EVALUATION_REPORT'),
    },
  ],
  ['/groups/g1/dissolution', {}],
  ['/groups/g1/cooperations', { partnerSchoolId: PARTNER, mode: 'SCHOOL_UNION' }],
  [
    '/groups/g1/exceptions',
    { ruleId: 'R04', authority: { kind: 'CITY_BUREAU' }, documentNo: 'x', reason: 'r' },
  ],
  ['/cooperations/c1/negotiation-consents', { authority: { kind: 'CITY_BUREAU' }, documentNo: 'x' }],
  [
    '/cooperations/c1/approvals',
    { authority: { kind: 'CITY_BUREAU' }, decision: 'GRANTED', documentNo: 'x', applicants: [LEAD] },
  ],
  ['/cooperations/c1/contract-drafts', { documents: [doc('CONTRACT_DRAFT')] }],
  ['/cooperations/c1/contract-reviews', { decision: 'APPROVED', documentNo: 'x' }],
  [
    '/cooperations/c1/contract-signatures',
    { contract: doc('CONTRACT'), termStart: '2023-09-01', termEnd: '2026-08-31' },
  ],
  ['/cooperations/c1/admission', {}],
  ['/cooperations/c1/teacher-dispatches', { teacherId: 'T1', role: 'TEACHER', direction: 'LEAD_TO_PARTNER' }],
  ['/cooperations/c1/fees', { amountFen: 1 }],
  ['/cooperations/c1/extensions', { newTermEnd: '2027-08-31', documentNo: 'x' }],
  [
    '/cooperations/c1/termination-notices',
    { recipients: [{ kind: 'CITY_BUREAU' }], plan: doc('TERMINATION_PLAN') },
  ],
  ['/cooperations/c1/parent-communications', {}],
  ['/cooperations/c1/exit', { reason: 'EXPIRY' }],
  [
    '/cooperations/c1/exceptions',
    { ruleId: 'R04', authority: { kind: 'CITY_BUREAU' }, documentNo: 'x', reason: 'r' },
  ],
  ['/events/00000000-0000-4000-8000-000000000000/retractions', { reason: 'r' }],
];

describe('who may record what', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.auth('admin');
    const setup: [string, object][] = [
      ['/schools', schoolBody(LEAD, '430103')],
      ['/schools', schoolBody(PARTNER, '430104')],
      ['/schools', schoolBody(OTHER_PARTNER, '430111')],
      ['/groups', { groupId: 'g1', name: 'G', leadSchoolId: LEAD, occurredOn: '2022-02-01' }],
      [
        '/groups/g1/cooperations',
        {
          cooperationId: 'c1',
          partnerSchoolId: PARTNER,
          mode: 'PAIRED_ASSISTANCE',
          occurredOn: '2022-03-01',
        },
      ],
      ['/groups', { groupId: 'g2', name: 'G2', leadSchoolId: OTHER_PARTNER, occurredOn: '2022-02-01' }],
    ];
    for (const [path, body] of setup)
      expect(
        (await request(t.server).post(`/api/v1${path}`).set('Authorization', admin).send(body)).status,
      ).toBe(201);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists every command route of DESIGN.md in the OpenAPI document, with bearer auth', async () => {
    const res = await request(t.server).get('/api/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.components.securitySchemes).toHaveProperty('bearer');
    const paths = Object.keys(res.body.paths);
    for (const [path] of ROUTES) {
      const template = `/api/v1${path}`
        .replace(LEAD, '{id}')
        .replace(PARTNER, '{id}')
        .replace('/g1/', '/{id}/')
        .replace('/c1/', '/{id}/')
        .replace(/\/events\/[^/]+\//, '/events/{eventId}/');
      expect(paths).toContain(template);
    }
  });

  it('answers 401 without a token, with a bad one, an expired one or one not yet valid', async () => {
    const secret = resolveJwtSecret(t.config);
    const now = Math.floor(Date.now() / 1000);
    const sign = (claims: Record<string, unknown>, exp: number, nbf?: number) => {
      const jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('x')
        .setIssuer(JWT_ISSUER)
        .setAudience(JWT_AUDIENCE)
        .setExpirationTime(exp);
      if (nbf !== undefined) jwt.setNotBefore(nbf);
      return jwt.sign(secret);
    };
    const tokens: (string | undefined)[] = [
      undefined,
      'Bearer not.a.jwt',
      'Basic YWRtaW46YWRtaW4=',
      `Bearer ${await sign({ role: 'admin' }, now - 60)}`,
      `Bearer ${await sign({ role: 'admin' }, now + 3600, now + 600)}`,
      `Bearer ${await sign({ role: 'superuser' }, now + 3600)}`,
      `Bearer ${await sign({ role: 'recorder' }, now + 3600)}`,
      `Bearer ${await new SignJWT({ role: 'admin' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('x')
        .setIssuer(JWT_ISSUER)
        .setAudience(JWT_AUDIENCE)
        .setExpirationTime(now + 3600)
        .sign(new TextEncoder().encode('another-secret-another-secret-another'))}`,
    ];
    const head = await t.store.headPosition();
    for (const token of tokens) {
      const req = request(t.server).post('/api/v1/cooperations/c1/fees');
      if (token) req.set('Authorization', token);
      const res = await req.send({ amountFen: 1 });
      expect({ token, status: res.status }).toEqual({ token, status: 401 });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    }
    expect(await t.store.headPosition()).toBe(head);
  });

  it('refuses a viewer on every command route (403) and writes nothing', async () => {
    const viewer = await t.auth('viewer');
    const head = await t.store.headPosition();
    for (const [path, body] of ROUTES) {
      const res = await request(t.server).post(`/api/v1${path}`).set('Authorization', viewer).send(body);
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
    }
    expect(await t.store.headPosition()).toBe(head);
  });

  it('refuses an auditor every command and a supervisor every command but evaluations', async () => {
    const auditor = await t.auth('auditor');
    const supervisor = await t.auth('supervisor');
    for (const [path, body] of ROUTES) {
      expect({
        path,
        status: (await request(t.server).post(`/api/v1${path}`).set('Authorization', auditor).send(body))
          .status,
      }).toEqual({ path, status: 403 });
      if (path.endsWith('/evaluations')) continue;
      expect({
        path,
        status: (await request(t.server).post(`/api/v1${path}`).set('Authorization', supervisor).send(body))
          .status,
      }).toEqual({ path, status: 403 });
    }
    const evaluation = ROUTES.find(([p]) => p.endsWith('/evaluations'))!;
    expect(
      (
        await request(t.server)
          .post(`/api/v1${evaluation[0]}`)
          .set('Authorization', supervisor)
          .send(evaluation[1])
      ).status,
    ).toBe(201);
  });

  describe('a recorder of district 430104 (岳麓区)', () => {
    let yuelu: string;
    beforeAll(async () => {
      yuelu = await t.auth('recorder', '430104', 'rec-yuelu');
    });
    const post = (path: string, body: object) =>
      request(t.server).post(`/api/v1${path}`).set('Authorization', yuelu).send(body);

    it('records for its own school, for a cooperation whose partner is in its district and for that group', async () => {
      const res = await post(`/schools/${PARTNER}/brand-usages`, {
        brandOwnerSchoolId: LEAD,
        elements: ['NAME'],
        purpose: 'GENERAL',
      });
      expect(res.status).toBe(201);
      expect((await t.store.findEvent(res.body.eventId))!.metadata).toMatchObject({
        actor: { id: 'rec-yuelu', role: 'recorder', jurisdiction: '430104' },
      });
      expect((await post('/cooperations/c1/fees', { amountFen: 1 })).status).toBe(201);
      expect((await post('/groups/g1/joint-exams', { participants: [LEAD, PARTNER] })).status).toBe(201);
      expect((await post('/schools', schoolBody('4301040002', '430104'))).status).toBe(201);
    });

    it('is refused (403) outside its district, and nothing is written', async () => {
      const head = await t.store.headPosition();
      const refused: [string, object][] = [
        [`/schools/${LEAD}/lead-designations`, { documentNo: 'x' }],
        ['/schools', schoolBody('4301030009', '430103')],
        ['/groups/g2/charters', { document: doc('CHARTER') }],
        ['/groups', { name: 'G3', leadSchoolId: LEAD }],
        ['/groups/g2/cooperations', { partnerSchoolId: LEAD, mode: 'SCHOOL_UNION' }],
        [
          `/schools/${OTHER_PARTNER}/exceptions`,
          { ruleId: 'R04', authority: { kind: 'CITY_BUREAU' }, documentNo: 'x', reason: 'r' },
        ],
      ];
      for (const [path, body] of refused) {
        const res = await post(path, body);
        expect({ path, status: res.status, code: res.body.code }).toEqual({
          path,
          status: 403,
          code: 'AUTH.OUT_OF_JURISDICTION',
        });
      }
      expect(await t.store.headPosition()).toBe(head);
    });
  });
});
