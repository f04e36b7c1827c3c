import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { LEAD, PARTNER, schoolBody, startTestApp, type TestApp } from './support';

/** Retries never double an event; conditional and concurrent writes never lose one. */
describe('safe retries and concurrent writers', () => {
  let t: TestApp;
  let auth: string;
  const post = (path: string, body: object, headers: Record<string, string> = {}) => {
    const req = request(t.server).post(`/api/v1${path}`).set('Authorization', auth);
    for (const [k, v] of Object.entries(headers)) req.set(k, v);
    return req.send(body);
  };
  const count = async (streamId: string, type: string) =>
    (await t.store.readStream(streamId)).filter((e) => e.type === type).length;

  beforeAll(async () => {
    t = await startTestApp();
    auth = await t.auth('recorder', 'city', 'rec-wang');
    expect((await post('/schools', schoolBody(LEAD, '430103'))).status).toBe(201);
    expect((await post('/schools', schoolBody(PARTNER, '430104'))).status).toBe(201);
    expect(
      (await post('/groups', { groupId: 'g1', name: 'G', leadSchoolId: LEAD, occurredOn: '2022-02-01' }))
        .status,
    ).toBe(201);
    expect(
      (
        await post('/groups/g1/cooperations', {
          cooperationId: 'c1',
          partnerSchoolId: PARTNER,
          mode: 'PAIRED_ASSISTANCE',
          occurredOn: '2022-03-01',
        })
      ).status,
    ).toBe(201);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('when a command is retried with the same Idempotency-Key', () => {
    it('answers the first response again and writes one event', async () => {
      const body = { amountFen: 1000, occurredOn: '2023-01-01' };
      const first = await post('/cooperations/c1/fees', body, { 'Idempotency-Key': 'fee-2023-01' });
      expect(first.status).toBe(201);
      const head = await t.store.headPosition();
      const retry = await post('/cooperations/c1/fees', body, { 'Idempotency-Key': 'fee-2023-01' });
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(await t.store.headPosition()).toBe(head);
      expect(await count('cooperation-c1', 'CooperationFeeCharged')).toBe(1);
      const event = await t.store.findEvent(first.body.eventId);
      expect(event!.metadata).toMatchObject({
        idempotencyKey: 'fee-2023-01',
        requestHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        actor: { id: 'rec-wang' },
      });
    });

    it('refuses the same key with another body (422) and writes nothing', async () => {
      const head = await t.store.headPosition();
      const other = await post(
        '/cooperations/c1/fees',
        { amountFen: 2000, occurredOn: '2023-01-01' },
        { 'Idempotency-Key': 'fee-2023-01' },
      );
      expect(other.status).toBe(422);
      expect(other.body.code).toBe('REQUEST.IDEMPOTENCY_KEY_REUSED');
      const elsewhere = await post(
        '/cooperations/c1/parent-communications',
        {},
        { 'Idempotency-Key': 'fee-2023-01' },
      );
      expect(elsewhere.status).toBe(422);
      expect(await t.store.headPosition()).toBe(head);
    });

    it('registers a subject once when its id is posted many times at once, keyed or not (creating routes append with no_stream, ADR 0119)', async () => {
      const id = '4301049999';
      const answers = await Promise.all([
        ...Array.from({ length: 4 }, () => post('/schools', schoolBody(id, '430104'))),
        ...Array.from({ length: 2 }, (_, i) =>
          post('/schools', schoolBody(id, '430104'), { 'Idempotency-Key': `reg-${i}` }),
        ),
      ]);
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
      for (const a of answers.filter((x) => x.status === 409))
        expect(a.body.code).toBe('SCHOOL.ALREADY_REGISTERED');
      expect(await count(`school-${id}`, 'SchoolRegistered')).toBe(1);
      const head = await t.store.headPosition();
      const again = await post('/schools', schoolBody(id, '430104'), { 'Idempotency-Key': 'reg-late' });
      expect(again.status).toBe(409);
      expect(await t.store.headPosition()).toBe(head);
    });

    it('keeps a generated group id stable across retries', async () => {
      const body = { name: '重试集团', leadSchoolId: LEAD, occurredOn: '2023-02-01' };
      const first = await post('/groups', body, { 'Idempotency-Key': 'form-retry' });
      const retry = await post('/groups', body, { 'Idempotency-Key': 'form-retry' });
      expect(first.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect((await t.store.readStream(`group-${first.body.id}`)).length).toBe(1);
    });

    it('writes once when the same keyed request arrives many times at once', async () => {
      const body = {
        teacherId: 'T-dup',
        role: 'TEACHER',
        direction: 'LEAD_TO_PARTNER',
        occurredOn: '2023-03-01',
      };
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          post('/cooperations/c1/teacher-dispatches', body, { 'Idempotency-Key': 'dispatch-dup' }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
      expect(new Set(answers.map((a) => a.body.eventId)).size).toBe(1);
      const dispatched = (await t.store.readStream('cooperation-c1')).filter(
        (e) => e.type === 'TeacherDispatched' && (e.data as { teacherId: string }).teacherId === 'T-dup',
      );
      expect(dispatched).toHaveLength(1);
    });

    it('lets another actor use the same key for its own command', async () => {
      const other = await t.auth('recorder', 'city', 'rec-zhao');
      const res = await request(t.server)
        .post('/api/v1/cooperations/c1/fees')
        .set('Authorization', other)
        .set('Idempotency-Key', 'fee-2023-01')
        .send({ amountFen: 3000, occurredOn: '2023-01-02' });
      expect(res.status).toBe(201);
    });
  });

  describe('when If-Match carries the revision read', () => {
    it('appends when the stream is still at that revision, and answers 412 when it moved on', async () => {
      const revision = (await t.store.streamRevision('cooperation-c1'))!;
      const ok = await post(
        '/cooperations/c1/parent-communications',
        { summary: 'a' },
        { 'If-Match': `"${revision}"` },
      );
      expect(ok.status).toBe(201);
      expect(ok.body.revision).toBe((revision + 1n).toString());
      const head = await t.store.headPosition();
      const stale = await post(
        '/cooperations/c1/parent-communications',
        { summary: 'b' },
        { 'If-Match': revision.toString() },
      );
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({
        status: 412,
        code: 'REQUEST.REVISION_MISMATCH',
        currentRevision: (revision + 1n).toString(),
      });
      expect(await t.store.headPosition()).toBe(head);
    });

    it('answers 412 for a stream that does not exist yet', async () => {
      const res = await post('/cooperations/c-none/parent-communications', {}, { 'If-Match': '0' });
      expect(res.status).toBe(412);
    });
  });

  describe('when 20 recorders write to one cooperation at the same time', () => {
    it('lands every event exactly once, with contiguous revisions', async () => {
      const before = (await t.store.readStream('cooperation-c1')).length;
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          post(
            '/cooperations/c1/teacher-dispatches',
            { teacherId: `T-${i}`, role: 'TEACHER', direction: 'LEAD_TO_PARTNER', occurredOn: '2023-09-01' },
            { 'Idempotency-Key': `burst-${i}` },
          ),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
      const stream = await t.store.readStream('cooperation-c1');
      expect(stream).toHaveLength(before + 20);
      expect(stream.map((e) => e.revision)).toEqual(stream.map((_, i) => BigInt(i)));
      const teachers = stream
        .filter((e) => e.type === 'TeacherDispatched')
        .map((e) => (e.data as { teacherId: string }).teacherId);
      for (let i = 0; i < 20; i++) expect(teachers.filter((id) => id === `T-${i}`)).toHaveLength(1);
      expect(new Set(answers.map((a) => a.body.revision)).size).toBe(20);
    });

    it('lets the first of two concurrent admissions win and refuses the second (409)', async () => {
      await post('/groups/g1/cooperations', {
        cooperationId: 'c2',
        partnerSchoolId: PARTNER,
        mode: 'PAIRED_ASSISTANCE',
        occurredOn: '2023-03-01',
      });
      const answers = await Promise.all([
        post('/cooperations/c2/admission', {}),
        post('/cooperations/c2/admission', {}),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      expect(answers.find((a) => a.status === 409)!.body.code).toBe('COOPERATION.ALREADY_ADMITTED');
      expect(await count('cooperation-c2', 'PartnerAdmitted')).toBe(1);
    });
  });
});

describe('another writer on the same store (as a second process would be)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('re-reads and re-decides on a concurrent append, so every API write and every other write lands once', async () => {
    const auth = await t.auth('recorder');
    const post = (path: string, body: object, key?: string) => {
      const req = request(t.server).post(`/api/v1${path}`).set('Authorization', auth);
      if (key) req.set('Idempotency-Key', key);
      return req.send(body);
    };
    await post('/schools', schoolBody(LEAD, '430103')).expect(201);
    await post('/schools', schoolBody(PARTNER, '430104')).expect(201);
    await post('/groups', { groupId: 'g1', name: 'G', leadSchoolId: LEAD, occurredOn: '2022-02-01' }).expect(
      201,
    );
    await post('/groups/g1/cooperations', {
      cooperationId: 'c1',
      partnerSchoolId: PARTNER,
      mode: 'PAIRED_ASSISTANCE',
      occurredOn: '2022-03-01',
    }).expect(201);
    const metadata = {
      schemaVersion: 1,
      occurredOn: '2023-09-01',
      recordedAt: new Date().toISOString(),
      actor: { id: 'other-process', role: 'admin' },
      correlationId: 'other',
    };
    const direct = Array.from({ length: 10 }, (_, i) =>
      t.store.appendToStream('cooperation-c1', [
        {
          eventId: randomUUID(),
          type: 'TeacherDispatched',
          data: { cooperationId: 'c1', teacherId: `D-${i}`, role: 'TEACHER', direction: 'PARTNER_TO_LEAD' },
          metadata,
        },
      ]),
    );
    const viaApi = Array.from({ length: 10 }, (_, i) =>
      post(
        '/cooperations/c1/teacher-dispatches',
        { teacherId: `A-${i}`, role: 'TEACHER', direction: 'PARTNER_TO_LEAD', occurredOn: '2023-09-01' },
        `other-${i}`,
      ),
    );
    const [answers] = await Promise.all([Promise.all(viaApi), Promise.all(direct)]);
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(201));
    const stream = await t.store.readStream('cooperation-c1');
    expect(stream).toHaveLength(21);
    expect(stream.map((e) => e.revision)).toEqual(stream.map((_, i) => BigInt(i)));
    expect(new Set(stream.slice(1).map((e) => (e.data as { teacherId: string }).teacherId)).size).toBe(20);
  });
});
