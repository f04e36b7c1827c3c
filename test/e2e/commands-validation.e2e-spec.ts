import fc from 'fast-check';
import request from 'supertest';
import { LEAD, PARTNER, doc, schoolBody, startTestApp, type TestApp } from './support';

/** Bad input gets a 400 problem document naming every bad field, and writes nothing. */
describe('command validation at the edge', () => {
  let t: TestApp;
  let auth: string;

  beforeAll(async () => {
    t = await startTestApp();
    auth = await t.auth('recorder');
    for (const body of [schoolBody(LEAD, '430103'), schoolBody(PARTNER, '430104')]) {
      expect(
        (await request(t.server).post('/api/v1/schools').set('Authorization', auth).send(body)).status,
      ).toBe(201);
    }
    expect(
      (
        await request(t.server)
          .post('/api/v1/groups')
          .set('Authorization', auth)
          .send({ groupId: 'g1', name: 'G', leadSchoolId: LEAD, occurredOn: '2022-02-01' })
      ).status,
    ).toBe(201);
    const proposed = await request(t.server)
      .post('/api/v1/groups/g1/cooperations')
      .set('Authorization', auth)
      .send({
        cooperationId: 'c1',
        partnerSchoolId: PARTNER,
        mode: 'PAIRED_ASSISTANCE',
        occurredOn: '2022-03-01',
      });
    expect(proposed.status).toBe(201);
  });
  afterAll(async () => {
    await t.close();
  });

  async function expectProblem(
    path: string,
    body: unknown,
    status: number,
    fields: string[] = [],
    headers: Record<string, string> = {},
    contentType = 'application/json',
  ) {
    const head = await t.store.headPosition();
    const req = request(t.server)
      .post(`/api/v1${path}`)
      .set('Authorization', auth)
      .set('Content-Type', contentType);
    for (const [k, v] of Object.entries(headers)) req.set(k, v);
    const res = await req.send(typeof body === 'string' ? body : JSON.stringify(body));
    expect({ path, status: res.status }).toEqual({ path, status });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual(
      expect.objectContaining({
        type: expect.any(String),
        title: expect.any(String),
        status,
        detail: expect.any(String),
      }),
    );
    const paths = ((res.body.errors ?? []) as { path: string }[]).map((e) => e.path);
    for (const field of fields) expect(paths).toContain(field);
    expect(await t.store.headPosition()).toBe(head);
    return res.body as { code?: string; errors?: { path: string; message: string }[] };
  }

  it('names each bad field of a school registration', async () => {
    const problem = await expectProblem(
      '/schools',
      {
        schoolId: '43010300',
        name: '',
        stages: ['PRIMARY', 'COLLEGE'],
        ownership: 'STATE',
        administration: 'CITY_DIRECT',
        districtCode: '43010',
        inChangsha: 'yes',
        sinoForeign: false,
        occurredOn: '2024-02-30',
        hack: true,
      },
      400,
      ['schoolId', 'name', 'stages', 'ownership', 'districtCode', 'inChangsha', 'occurredOn', 'hack'],
    );
    expect(problem.errors!.find((e) => e.path === 'hack')!.message).toMatch(/not allowed/);
  });

  it('names the missing fields of an empty body', async () => {
    await expectProblem('/schools', {}, 400, [
      'schoolId',
      'name',
      'stages',
      'ownership',
      'administration',
      'districtCode',
      'inChangsha',
      'sinoForeign',
    ]);
  });

  it('validates nested authorities, applicants and documents with their paths', async () => {
    await expectProblem(
      '/cooperations/c1/approvals',
      {
        authority: { kind: 'DISTRICT_BUREAU' },
        decision: 'MAYBE',
        documentNo: 'x'.repeat(101),
        applicants: ['123', { kind: 'OTHER' }, { schoolId: LEAD, authority: { kind: 'CITY_BUREAU' } }],
      },
      400,
      [
        'authority.districtCode',
        'decision',
        'documentNo',
        'applicants[0].schoolId',
        'applicants[1].authority.name',
        'applicants[2].authority',
      ],
    );
    await expectProblem(
      '/cooperations/c1/contract-drafts',
      {
        documents: [
          doc('CONTRACT_DRAFT'),
          {
            kind: 'CONTRACT_DRAFT',
            sha256: 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855',
          },
          { kind: 'PHOTO', sha256: 'ab' },
        ],
      },
      400,
      ['documents[1].sha256', 'documents[2].kind', 'documents[2].sha256'],
    );
    await expectProblem(
      '/cooperations/c1/termination-notices',
      { recipients: [{ kind: 'OTHER' }], plan: 'plan.pdf' },
      400,
      ['recipients[0].name', 'plan'],
    );
  });

  it('refuses non-integer fen, numbers as strings, days that do not exist and oversized arrays', async () => {
    await expectProblem('/cooperations/c1/fees', { amountFen: 12.5 }, 400, ['amountFen']);
    await expectProblem('/cooperations/c1/fees', { amountFen: '100' }, 400, ['amountFen']);
    await expectProblem('/cooperations/c1/fees', { amountFen: -1 }, 400, ['amountFen']);
    await expectProblem(
      '/cooperations/c1/contract-signatures',
      { contract: doc('CONTRACT'), termStart: '2023-09-01', termEnd: '2025-02-29' },
      400,
      ['termEnd'],
    );
    await expectProblem('/cooperations/c1/extensions', { newTermEnd: '2026/08/31', documentNo: 'x' }, 400, [
      'newTermEnd',
    ]);
    await expectProblem(
      '/cooperations/c1/approvals',
      {
        authority: { kind: 'CITY_BUREAU' },
        decision: 'GRANTED',
        documentNo: 'x',
        applicants: Array(21).fill(LEAD),
      },
      400,
      ['applicants'],
    );
    await expectProblem('/groups/g1/joint-exams', { participants: [] }, 400, ['participants']);
    await expectProblem(
      '/groups/g1/evaluations',
      {
        period: '2024',
        scores: { schoolDevelopment: 101 },
        evaluator: 'x',
        report: doc('EVALUATION_REPORT'),
      },
      400,
      ['scores.schoolDevelopment', 'scores.teacherDevelopment'],
    );
    await expectProblem(
      '/cooperations/c1/teacher-dispatches',
      { teacherId: '张三 老师', role: 'PRINCIPAL', direction: 'LEAD_TO_PARTNER' },
      400,
      ['teacherId', 'role'],
    );
    await expectProblem('/cooperations/c1/exit', { reason: 'BORED' }, 400, ['reason']);
  });

  it('checks path parameters, headers and the query', async () => {
    await expectProblem('/schools/12345/lead-designations', { documentNo: 'x' }, 400, ['id']);
    await expectProblem('/events/not-a-uuid/retractions', { reason: 'x' }, 400, ['eventId']);
    await expectProblem('/cooperations/c1/fees', { amountFen: 1 }, 400, ['headers.if-match'], {
      'If-Match': 'latest',
    });
    await expectProblem('/cooperations/c1/fees', { amountFen: 1 }, 400, ['headers.idempotency-key'], {
      'Idempotency-Key': 'x'.repeat(201),
    });
    await expectProblem('/cooperations/c1/fees?dryRun=yes', { amountFen: 1 }, 400, ['query.dryRun']);
  });

  it('answers malformed JSON with 400, a non-JSON body with 415 and a huge body with 413', async () => {
    expect((await expectProblem('/cooperations/c1/fees', '{"amountFen": 1', 400)).code).toBe(
      'REQUEST.MALFORMED_JSON',
    );
    expect(
      (await expectProblem('/cooperations/c1/fees', 'amountFen=1', 415, [], {}, 'text/plain')).code,
    ).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
    expect(
      (
        await expectProblem(
          '/cooperations/c1/fees',
          'amountFen=1',
          415,
          [],
          {},
          'application/x-www-form-urlencoded',
        )
      ).code,
    ).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
    expect(
      (await expectProblem('/cooperations/c1/parent-communications', { summary: 'x'.repeat(70_000) }, 413))
        .code,
    ).toBe('REQUEST.BODY_TOO_LARGE');
    await expectProblem('/cooperations/c1/fees', '[1,2]', 400);
    await expectProblem('/cooperations/c1/fees', 'null', 400);
  });

  it('answers a command the domain refuses with 422 and its code', async () => {
    const problem = await expectProblem(
      '/cooperations/c1/contract-signatures',
      { contract: doc('CONTRACT'), termStart: '2023-09-01', termEnd: '2023-08-31' },
      422,
    );
    expect(problem.code).toBe('COOPERATION.TERM_END_BEFORE_START');
    expect(
      (await expectProblem('/cooperations/c1/fees', { amountFen: 1, occurredOn: '2099-01-01' }, 422)).code,
    ).toBe('REQUEST.OCCURRED_IN_FUTURE');
  });

  it('never answers 500 to arbitrary JSON bodies, paths or headers, and writes nothing', async () => {
    const routes = [
      '/schools',
      '/groups',
      '/groups/g1/cooperations',
      '/cooperations/c1/approvals',
      '/cooperations/c1/contract-signatures',
      '/cooperations/c1/fees',
      '/groups/g1/evaluations',
      `/schools/${LEAD}/exceptions`,
    ];
    const head = await t.store.headPosition();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.oneof(
          fc.jsonValue(),
          fc.dictionary(
            fc.constantFrom(
              'schoolId',
              'name',
              'amountFen',
              'applicants',
              'authority',
              'occurredOn',
              'termStart',
              'scores',
              'mode',
              '__proto__',
              'constructor',
            ),
            fc.jsonValue(),
          ),
        ),
        fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
        async (route, body, header) => {
          const req = request(t.server)
            .post(`/api/v1${route}?dryRun=${header ? 'false' : 'true'}`)
            .set('Authorization', auth)
            .set('Content-Type', 'application/json');
          if (header !== undefined && /^[\x20-\x7e]*$/.test(header)) req.set('If-Match', header);
          const res = await req.send(JSON.stringify(body));
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
    for (const path of [
      '/schools/%FF/lead-designations',
      '/cooperations/%E4%B8%AD/fees',
      '/events/%00/retractions',
    ]) {
      const res = await request(t.server)
        .post(`/api/v1${path}`)
        .set('Authorization', auth)
        .send({ documentNo: 'x', amountFen: 1, reason: 'x' });
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
    }
    expect(await t.store.headPosition()).toBe(head);
  });
});
