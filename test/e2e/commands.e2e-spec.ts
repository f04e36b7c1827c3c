import request from 'supertest';
import type { StoredEvent } from '@ledger/event-store';
import {
  CONTRACT_DRAFT_DOCUMENTS,
  LEAD,
  PARTNER,
  doc,
  schoolBody,
  startTestApp,
  type TestApp,
} from './support';

/** RFC 9562 §5.7: version 7, variant 10. */
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * A realistic history through every command route of DESIGN.md, asserting each response and
 * the event it wrote (type, data, actor, metadata).
 */
describe('the write side, through a whole cooperation', () => {
  let t: TestApp;
  let recorder: string;
  let supervisor: string;

  beforeAll(async () => {
    t = await startTestApp();
    recorder = await t.auth('recorder', 'city', 'rec-zhang');
    supervisor = await t.auth('supervisor', undefined, 'sup-li');
  });
  afterAll(async () => {
    await t.close();
  });

  /** POSTs a command and returns the 201 body and the event written. */
  async function record(
    path: string,
    body: object,
    auth = recorder,
  ): Promise<{ res: request.Response; event: StoredEvent }> {
    const res = await request(t.server)
      .post(`/api/v1${path}`)
      .set('Authorization', auth)
      .set('X-Correlation-Id', 'corr-e2e')
      .send(body);
    expect({ path, status: res.status, body: res.body }).toMatchObject({ status: 201 });
    expect(res.body).toEqual(
      expect.objectContaining({
        // No Idempotency-Key: a new time-ordered id (UUIDv7, ADR 0133).
        eventId: expect.stringMatching(UUID_V7),
        streamId: expect.any(String),
        revision: expect.stringMatching(/^\d+$/),
        position: expect.stringMatching(/^\d+$/),
      }),
    );
    expect(res.headers.etag).toBe(`"${res.body.revision}"`);
    const event = await t.store.findEvent(res.body.eventId);
    expect(event).toBeDefined();
    expect(event!.position.toString()).toBe(res.body.position);
    expect(event!.revision.toString()).toBe(res.body.revision);
    expect(event!.streamId).toBe(res.body.streamId);
    return { res, event: event! };
  }

  const meta = (e: StoredEvent) => e.metadata as Record<string, unknown>;

  it('records the history school → lead → group → cooperation → exit → brand withdrawal', async () => {
    // schools
    let r = await record(
      '/schools',
      schoolBody(LEAD, '430103', {
        name: '长沙市雅礼中学',
        stages: ['JUNIOR', 'SENIOR'],
        administration: 'CITY_DIRECT',
      }),
    );
    expect(r.res.body).toMatchObject({ id: LEAD, streamId: `school-${LEAD}`, revision: '0' });
    expect(r.event.type).toBe('SchoolRegistered');
    expect(r.event.data).toEqual({
      schoolId: LEAD,
      name: '长沙市雅礼中学',
      stages: ['JUNIOR', 'SENIOR'],
      ownership: 'PUBLIC',
      administration: 'CITY_DIRECT',
      districtCode: '430103',
      inChangsha: true,
      sinoForeign: false,
    });
    expect(meta(r.event)).toMatchObject({
      occurredOn: '2022-01-10',
      actor: { id: 'rec-zhang', role: 'recorder', jurisdiction: 'city' },
      correlationId: 'corr-e2e',
      recordedAt: expect.stringMatching(/Z$/),
      schemaVersion: 1,
    });
    await record('/schools', schoolBody(PARTNER, '430104', { name: '岳麓区某小学', stages: ['PRIMARY'] }));

    r = await record(`/schools/${LEAD}/lead-designations`, {
      documentNo: '长教通〔2021〕12号',
      occurredOn: '2022-02-01',
    });
    expect(r.event).toMatchObject({
      type: 'SchoolDesignatedLead',
      data: { schoolId: LEAD, documentNo: '长教通〔2021〕12号' },
      revision: 1n,
    });

    // group
    r = await record('/groups', {
      groupId: 'g-yali',
      name: '雅礼教育集团',
      leadSchoolId: LEAD,
      occurredOn: '2022-03-01',
    });
    expect(r.res.body).toMatchObject({ id: 'g-yali', streamId: 'group-g-yali' });
    expect(r.event).toMatchObject({
      type: 'GroupFormed',
      data: { groupId: 'g-yali', name: '雅礼教育集团', leadSchoolId: LEAD },
    });
    r = await record('/groups/g-yali/charters', {
      document: doc('CHARTER', '集团章程'),
      occurredOn: '2022-03-15',
    });
    expect(r.event).toMatchObject({
      type: 'CharterAdopted',
      data: { groupId: 'g-yali', document: doc('CHARTER', '集团章程') },
    });
    r = await record('/groups/g-yali/development-plans', {
      document: doc('DEVELOPMENT_PLAN', '三年规划'),
      occurredOn: '2022-03-15',
    });
    expect(r.event.type).toBe('DevelopmentPlanAdopted');

    // cooperation
    r = await record('/groups/g-yali/cooperations', {
      cooperationId: 'c-yali-p1',
      partnerSchoolId: PARTNER,
      mode: 'ENTRUSTED_MANAGEMENT',
      occurredOn: '2022-04-01',
    });
    expect(r.res.body).toMatchObject({ id: 'c-yali-p1', streamId: 'cooperation-c-yali-p1', revision: '0' });
    expect(r.res.headers.location).toBe('/api/v1/cooperations/c-yali-p1');
    expect(r.event.data).toEqual({
      cooperationId: 'c-yali-p1',
      groupId: 'g-yali',
      leadSchoolId: LEAD,
      partnerSchoolId: PARTNER,
      mode: 'ENTRUSTED_MANAGEMENT',
    });
    const c = '/cooperations/c-yali-p1';
    r = await record(`${c}/negotiation-consents`, {
      authority: { kind: 'CITY_BUREAU' },
      documentNo: '长教函〔2022〕1号',
      occurredOn: '2022-04-10',
    });
    expect(r.event).toMatchObject({
      type: 'NegotiationConsentGranted',
      data: { cooperationId: 'c-yali-p1', authority: { kind: 'CITY_BUREAU' } },
    });
    r = await record(`${c}/approvals`, {
      authority: { kind: 'DISTRICT_BUREAU', districtCode: '430104' },
      decision: 'GRANTED',
      documentNo: '岳教函〔2022〕3号',
      applicants: [LEAD, { kind: 'DISTRICT_BUREAU', districtCode: '430104' }],
      occurredOn: '2022-05-01',
    });
    expect(r.event).toMatchObject({
      type: 'ApprovalGranted',
      data: {
        applicants: [{ schoolId: LEAD }, { authority: { kind: 'DISTRICT_BUREAU', districtCode: '430104' } }],
      },
    });
    r = await record(`${c}/contract-drafts`, {
      documents: CONTRACT_DRAFT_DOCUMENTS,
      occurredOn: '2022-05-20',
    });
    expect(r.event).toMatchObject({
      type: 'ContractDraftSubmitted',
      data: { documents: CONTRACT_DRAFT_DOCUMENTS },
    });
    r = await record(`${c}/contract-reviews`, {
      decision: 'APPROVED',
      documentNo: '长教法审〔2022〕7号',
      occurredOn: '2022-06-01',
    });
    expect(r.event.type).toBe('ContractReviewApproved');
    r = await record(`${c}/contract-signatures`, {
      contract: doc('CONTRACT', '合作协议'),
      termStart: '2022-09-01',
      termEnd: '2025-08-31',
      occurredOn: '2022-06-15',
    });
    expect(r.event).toMatchObject({
      type: 'ContractSigned',
      data: { termStart: '2022-09-01', termEnd: '2025-08-31' },
    });
    r = await record(`${c}/admission`, { occurredOn: '2022-09-01' });
    expect(r.event).toMatchObject({ type: 'PartnerAdmitted', data: { cooperationId: 'c-yali-p1' } });
    r = await record(`${c}/teacher-dispatches`, {
      teacherId: 'T-0001',
      role: 'KEY_TEACHER',
      direction: 'LEAD_TO_PARTNER',
      until: '2023-07-31',
      occurredOn: '2022-09-01',
    });
    expect(r.event).toMatchObject({
      type: 'TeacherDispatched',
      data: { teacherId: 'T-0001', role: 'KEY_TEACHER', direction: 'LEAD_TO_PARTNER', until: '2023-07-31' },
    });
    r = await record(`${c}/fees`, { amountFen: 500000, occurredOn: '2022-10-01' });
    expect(r.event).toMatchObject({ type: 'CooperationFeeCharged', data: { amountFen: 500000 } });

    r = await record('/groups/g-yali/joint-exams', {
      participants: [LEAD, PARTNER],
      title: '2022年秋季联考',
      occurredOn: '2022-11-10',
    });
    expect(r.event).toMatchObject({ type: 'JointExamHeld', data: { participants: [LEAD, PARTNER] } });
    r = await record('/groups/g-yali/direct-promotion-plans', {
      enrolmentYear: 2023,
      quota: 30,
      occurredOn: '2023-03-01',
    });
    expect(r.event).toMatchObject({
      type: 'DirectPromotionPlanPublished',
      data: { enrolmentYear: 2023, quota: 30 },
    });
    const scores = {
      schoolDevelopment: 88,
      teacherDevelopment: 85,
      studentDevelopment: 90,
      socialRecognition: 86.5,
      developmentPotential: 80,
    };
    r = await record(
      '/groups/g-yali/evaluations',
      {
        period: '2022-2024',
        scores,
        evaluator: '长沙市教育督导评估中心',
        report: doc('EVALUATION_REPORT'),
        occurredOn: '2024-12-01',
      },
      supervisor,
    );
    expect(r.event).toMatchObject({
      type: 'GroupEvaluated',
      data: { scores },
      metadata: { actor: { id: 'sup-li', role: 'supervisor' } },
    });

    r = await record(`${c}/extensions`, {
      newTermEnd: '2028-08-31',
      documentNo: '长教函〔2025〕5号',
      occurredOn: '2025-03-01',
    });
    expect(r.event).toMatchObject({ type: 'CooperationExtended', data: { newTermEnd: '2028-08-31' } });
    r = await record(`${c}/termination-notices`, {
      recipients: [{ kind: 'CITY_BUREAU' }, { kind: 'DISTRICT_BUREAU', districtCode: '430104' }],
      plan: doc('TERMINATION_PLAN', '终止方案'),
      occurredOn: '2025-06-01',
    });
    expect(r.event).toMatchObject({
      type: 'TerminationNoticeFiled',
      data: { recipients: [{ kind: 'CITY_BUREAU' }, { kind: 'DISTRICT_BUREAU', districtCode: '430104' }] },
    });
    r = await record(`${c}/parent-communications`, { summary: '召开家长会', occurredOn: '2025-06-10' });
    expect(r.event).toMatchObject({ type: 'ParentCommunicationRecorded', data: { summary: '召开家长会' } });
    r = await record(`${c}/exit`, { reason: 'EARLY', occurredOn: '2025-08-31' });
    expect(r.event).toMatchObject({
      type: 'PartnerExited',
      data: { cooperationId: 'c-yali-p1', reason: 'EARLY' },
    });

    // the partner's use of the lead's brand, then its withdrawal
    r = await record(`/schools/${PARTNER}/brand-usages`, {
      brandOwnerSchoolId: LEAD,
      elements: ['NAME', 'EMBLEM'],
      purpose: 'GENERAL',
      occurredOn: '2022-09-01',
    });
    expect(r.event).toMatchObject({
      type: 'BrandUsageRecorded',
      data: { schoolId: PARTNER, brandOwnerSchoolId: LEAD, elements: ['NAME', 'EMBLEM'], purpose: 'GENERAL' },
    });
    r = await record(`/schools/${PARTNER}/brand-withdrawals`, {
      brandOwnerSchoolId: LEAD,
      elements: ['NAME', 'EMBLEM'],
      occurredOn: '2025-09-15',
    });
    expect(r.event).toMatchObject({
      type: 'BrandWithdrawn',
      data: { schoolId: PARTNER, brandOwnerSchoolId: LEAD, elements: ['NAME', 'EMBLEM'] },
    });

    const stream = await t.store.readStream('cooperation-c-yali-p1');
    expect(stream.map((e) => e.type)).toEqual([
      'CooperationProposed',
      'NegotiationConsentGranted',
      'ApprovalGranted',
      'ContractDraftSubmitted',
      'ContractReviewApproved',
      'ContractSigned',
      'PartnerAdmitted',
      'TeacherDispatched',
      'CooperationFeeCharged',
      'CooperationExtended',
      'TerminationNoticeFiled',
      'ParentCommunicationRecorded',
      'PartnerExited',
    ]);
    expect(stream.every((e) => (e.metadata as { actor: { id: string } }).actor.id === 'rec-zhang')).toBe(
      true,
    );
  });

  it('records the other school and group events, exceptions and a retraction', async () => {
    let r = await record(`/schools/${LEAD}/governance-changes`, {
      field: 'LEGAL_REPRESENTATIVE',
      attributedToGroupId: 'g-yali',
      description: '法定代表人变更',
      occurredOn: '2023-01-05',
    });
    expect(r.event).toMatchObject({
      type: 'SchoolGovernanceChanged',
      data: { schoolId: LEAD, field: 'LEGAL_REPRESENTATIVE', attributedToGroupId: 'g-yali' },
    });
    r = await record(`/schools/${LEAD}/branch-campuses`, {
      branchName: '雅礼中学梅溪湖校区',
      establishedBy: { kind: 'DISTRICT_GOVERNMENT', districtCode: '430104' },
      occurredOn: '2023-02-01',
    });
    expect(r.event).toMatchObject({
      type: 'BranchCampusEstablished',
      data: {
        branchName: '雅礼中学梅溪湖校区',
        establishedBy: { kind: 'DISTRICT_GOVERNMENT', districtCode: '430104' },
      },
    });

    const exception = {
      ruleId: 'R04',
      authority: { kind: 'CITY_BUREAU' },
      documentNo: '长教函〔2023〕9号',
      reason: '农村学校帮扶',
      until: '2026-08-31',
      occurredOn: '2023-03-01',
    };
    for (const [path, streamId] of [
      [`/schools/${LEAD}/exceptions`, `school-${LEAD}`],
      ['/groups/g-yali/exceptions', 'group-g-yali'],
      ['/cooperations/c-yali-p1/exceptions', 'cooperation-c-yali-p1'],
    ]) {
      r = await record(path, exception);
      expect(r.event).toMatchObject({
        type: 'ExceptionGranted',
        streamId,
        data: {
          ruleId: 'R04',
          authority: { kind: 'CITY_BUREAU' },
          documentNo: '长教函〔2023〕9号',
          reason: '农村学校帮扶',
          until: '2026-08-31',
        },
      });
    }

    const fee = await record('/cooperations/c-yali-p1/fees', { amountFen: 100, occurredOn: '2023-04-01' });
    r = await record(`/events/${fee.event.eventId}/retractions`, {
      reason: '录入错误',
      occurredOn: '2023-04-02',
    });
    expect(r.event).toMatchObject({
      type: 'EventRetracted',
      streamId: 'cooperation-c-yali-p1',
      data: { retractedEventId: fee.event.eventId, reason: '录入错误' },
    });
    const again = await request(t.server)
      .post(`/api/v1/events/${fee.event.eventId}/retractions`)
      .set('Authorization', recorder)
      .send({ reason: '再次撤回' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ status: 409, code: 'EVENT.ALREADY_RETRACTED' });

    await record('/groups', {
      groupId: 'g-short',
      name: '短命集团',
      leadSchoolId: LEAD,
      occurredOn: '2023-01-01',
    });
    r = await record('/groups/g-short/dissolution', { reason: '集团重组', occurredOn: '2023-06-01' });
    expect(r.event).toMatchObject({
      type: 'GroupDissolved',
      data: { groupId: 'g-short', reason: '集团重组' },
    });
  });

  it('generates the id of a group or cooperation when the body has none', async () => {
    const res = await request(t.server)
      .post('/api/v1/groups')
      .set('Authorization', recorder)
      .send({ name: '新集团', leadSchoolId: LEAD, occurredOn: '2023-01-01' });
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(UUID_V7);
    expect(res.body.streamId).toBe(`group-${res.body.id}`);
    // Made later, sorts later: the store's indexes get right-hand inserts (ADR 0133).
    const later = await request(t.server)
      .post('/api/v1/groups')
      .set('Authorization', recorder)
      .send({ name: '另一新集团', leadSchoolId: LEAD, occurredOn: '2023-01-01' });
    expect(later.status).toBe(201);
    expect(later.body.id > res.body.id).toBe(true);
    expect(later.body.eventId > res.body.eventId).toBe(true);
  });

  it('answers 404 for an unknown lead, group, partner or event, 409 for an impossible transition', async () => {
    const cases: [string, object, number, string][] = [
      ['/groups', { name: 'x', leadSchoolId: '4309999999' }, 404, 'SCHOOL.NOT_REGISTERED'],
      [
        '/groups/g-none/cooperations',
        { partnerSchoolId: PARTNER, mode: 'PAIRED_ASSISTANCE' },
        404,
        'GROUP.NOT_FOUND',
      ],
      [
        '/groups/g-yali/cooperations',
        { partnerSchoolId: '4309999999', mode: 'PAIRED_ASSISTANCE' },
        404,
        'SCHOOL.NOT_REGISTERED',
      ],
      [
        '/groups/g-short/cooperations',
        { partnerSchoolId: PARTNER, mode: 'PAIRED_ASSISTANCE' },
        409,
        'GROUP.DISSOLVED',
      ],
      ['/events/00000000-0000-4000-8000-000000000000/retractions', { reason: 'x' }, 404, 'EVENT.NOT_FOUND'],
      ['/schools', schoolBody(LEAD, '430103'), 409, 'SCHOOL.ALREADY_REGISTERED'],
      ['/cooperations/c-yali-p1/admission', {}, 409, 'COOPERATION.ALREADY_EXITED'],
    ];
    for (const [path, body, status, code] of cases) {
      const head = await t.store.headPosition();
      const res = await request(t.server).post(`/api/v1${path}`).set('Authorization', recorder).send(body);
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status, code });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await t.store.headPosition()).toBe(head);
    }
  });

  it('returns the findings an event would raise on ?dryRun=true, and writes nothing', async () => {
    await record('/groups', {
      groupId: 'g-dry',
      name: '试算集团',
      leadSchoolId: LEAD,
      occurredOn: '2024-01-02',
    });
    const head = await t.store.headPosition();
    const res = await request(t.server)
      .post('/api/v1/groups/g-dry/direct-promotion-plans?dryRun=true')
      .set('Authorization', recorder)
      .send({ enrolmentYear: 2024, quota: 20, occurredOn: '2024-03-01' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      dryRun: true,
      streamId: 'group-g-dry',
      events: [
        { type: 'DirectPromotionPlanPublished', data: { groupId: 'g-dry', enrolmentYear: 2024, quota: 20 } },
      ],
    });
    // R16: 不得以集团名义对口直升 — publishing a direct promotion plan opens a finding
    expect(res.body.opened).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ruleId: 'R16', subject: { type: 'group', id: 'g-dry' }, status: 'OPEN' }),
      ]),
    );
    expect(res.body.findings).toEqual(expect.arrayContaining([expect.objectContaining({ ruleId: 'R16' })]));
    expect(await t.store.headPosition()).toBe(head);
    await expect(t.store.readStream('group-g-dry')).resolves.toHaveLength(1);
  });
});
