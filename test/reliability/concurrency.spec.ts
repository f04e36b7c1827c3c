/**
 * Concurrency: many clients race on the same cooperation (teacher dispatches and fees with
 * If-Match, retrying on 409/412) and on the same lead school's footprint (proposing cooperations
 * from one group with many partners). Nothing lost, nothing doubled, and the API's findings equal
 * a sequential replay of the stored events (the domain's foldLedger + evaluateCompliance).
 * RELIABILITY_CLIENTS sets the number of racing clients (default 12).
 */
import { evaluateCompliance, foldLedger, parseRecordedEvents } from '@ledger/domain';
import { startTestApp, type TestApp } from '../e2e/support';
import { CONTRACT_DRAFT_DOCUMENTS, doc, schoolBody } from '../e2e/support/fixtures';
import { recordFigures } from './support/figures';
import { readAllOf } from './support/ledger-checks';

const CLIENTS = Number(process.env.RELIABILITY_CLIENTS ?? 12);
const PER_CLIENT = 6;
const TODAY = '2026-01-15';
const LEAD = '4301030001';
const PARTNER = '4301040001';

describe('concurrency: racing clients on one cooperation and one lead school', () => {
  jest.setTimeout(5 * 60_000);
  let t: TestApp;
  let auth: string;
  const figures: Record<string, unknown> = { clients: CLIENTS };

  beforeAll(async () => {
    t = await startTestApp({ LEDGER_TODAY: TODAY });
    auth = await t.auth('recorder', 'city', 'race');
    const setup: Array<[string, object]> = [
      ['/schools', schoolBody(LEAD, '430103')],
      ['/schools', schoolBody(PARTNER, '430104')],
      [`/schools/${LEAD}/lead-designations`, { documentNo: 'd', occurredOn: '2022-02-01' }],
      ['/groups', { groupId: 'g1', name: 'G', leadSchoolId: LEAD, occurredOn: '2022-02-02' }],
      [
        '/groups/g1/cooperations',
        {
          cooperationId: 'c1',
          partnerSchoolId: PARTNER,
          mode: 'ENTRUSTED_MANAGEMENT',
          occurredOn: '2022-04-01',
        },
      ],
      [
        '/cooperations/c1/negotiation-consents',
        { authority: { kind: 'CITY_BUREAU' }, documentNo: 'n', occurredOn: '2022-04-10' },
      ],
      [
        '/cooperations/c1/approvals',
        {
          authority: { kind: 'DISTRICT_BUREAU', districtCode: '430104' },
          decision: 'GRANTED',
          documentNo: 'a',
          applicants: [LEAD],
          occurredOn: '2022-05-01',
        },
      ],
      ['/cooperations/c1/contract-drafts', { documents: CONTRACT_DRAFT_DOCUMENTS, occurredOn: '2022-05-20' }],
      [
        '/cooperations/c1/contract-reviews',
        { decision: 'APPROVED', documentNo: 'r', occurredOn: '2022-06-01' },
      ],
      [
        '/cooperations/c1/contract-signatures',
        {
          contract: doc('CONTRACT', 'k'),
          termStart: '2022-09-01',
          termEnd: '2025-08-31',
          occurredOn: '2022-06-15',
        },
      ],
      ['/cooperations/c1/admission', { occurredOn: '2022-09-01' }],
    ];
    for (let i = 0; i < CLIENTS * 2; i++)
      setup.push([
        '/schools',
        schoolBody(
          `43010${String(5 + (i % 5)).padStart(1, '0')}${String(1000 + i).padStart(4, '0')}`,
          `43010${5 + (i % 5)}`,
        ),
      ]);
    for (const [url, body] of setup) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1${url}`,
        headers: { authorization: auth, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
      expect({ url, status: res.statusCode, body: res.statusCode === 201 ? '' : res.body }).toEqual({
        url,
        status: 201,
        body: '',
      });
    }
  });
  afterAll(async () => {
    recordFigures('concurrency', figures);
    await t.close();
  });

  it('keeps every racing command exactly once and the findings equal a sequential replay', async () => {
    const acked = new Map<string, string>();
    let retries = 0;
    const refused: unknown[] = [];

    /** Posts with If-Match of the last revision seen; on 412/409 takes the current revision and retries. */
    async function raceOnCooperation(client: number): Promise<void> {
      let revision: string | undefined;
      for (let k = 0; k < PER_CLIENT; k++) {
        const body =
          k % 2 === 0
            ? {
                teacherId: `T-${client}-${k}`,
                role: 'KEY_TEACHER',
                direction: 'LEAD_TO_PARTNER',
                occurredOn: '2023-03-01',
              }
            : { amountFen: client * 1000 + k, occurredOn: '2023-03-01' };
        const url =
          k % 2 === 0 ? '/api/v1/cooperations/c1/teacher-dispatches' : '/api/v1/cooperations/c1/fees';
        for (let attempt = 0; ; attempt++) {
          const headers: Record<string, string> = {
            authorization: auth,
            'content-type': 'application/json',
            'idempotency-key': `race-${client}-${k}`,
          };
          if (revision !== undefined) headers['if-match'] = revision;
          const res = await t.app.inject({ method: 'POST', url, headers, payload: JSON.stringify(body) });
          if (res.statusCode === 201) {
            const b = res.json() as { eventId: string; revision: string; position: string };
            acked.set(b.eventId, b.position);
            revision = b.revision;
            break;
          }
          if ((res.statusCode === 412 || res.statusCode === 409) && attempt < 500) {
            retries += 1;
            await new Promise((r) =>
              setTimeout(r, Math.floor(Math.random() * 5 * Math.min(attempt + 1, 10))),
            );
            const current = (res.json() as { currentRevision?: string | null }).currentRevision;
            revision = current ?? undefined;
            continue;
          }
          refused.push({ client, k, status: res.statusCode, body: res.body.slice(0, 300) });
          break;
        }
      }
    }

    /** Proposes cooperations of the same lead (group g1) with its own partners. */
    async function raceOnFootprint(client: number): Promise<void> {
      for (let j = 0; j < 2; j++) {
        const i = client * 2 + j;
        const partner = `43010${5 + (i % 5)}${String(1000 + i).padStart(4, '0')}`;
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/groups/g1/cooperations',
          headers: {
            authorization: auth,
            'content-type': 'application/json',
            'idempotency-key': `coop-${i}`,
          },
          payload: JSON.stringify({
            cooperationId: `race-${i}`,
            partnerSchoolId: partner,
            mode: 'SCHOOL_UNION',
            occurredOn: '2023-04-01',
          }),
        });
        if (res.statusCode === 201) {
          const b = res.json() as { eventId: string; position: string };
          acked.set(b.eventId, b.position);
        } else refused.push({ client, j, status: res.statusCode, body: res.body.slice(0, 300) });
      }
    }

    const before = await t.store.headPosition();
    await Promise.all(
      Array.from({ length: CLIENTS }, (_, c) => Promise.all([raceOnCooperation(c), raceOnFootprint(c)])),
    );
    expect(refused).toEqual([]);

    const log = await readAllOf(t.store);
    const written = log.filter((e) => e.position > before);
    const byId = new Map(log.map((e) => [e.eventId, e]));
    const lost = [...acked.entries()].filter(([id, pos]) => byId.get(id)?.position.toString() !== pos);
    const dispatchKeys = written
      .filter((e) => e.type === 'TeacherDispatched')
      .map((e) => (e.data as { teacherId: string }).teacherId);
    const c1 = log.filter((e) => e.streamId === 'cooperation-c1').map((e) => Number(e.revision));

    // The API's findings (read-your-writes at the head) against a sequential replay.
    const head = await t.store.headPosition();
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/compliance?minPosition=${head}&limit=1000&asOf=${TODAY}`,
      headers: { authorization: auth },
    });
    expect(res.statusCode).toBe(200);
    const api = (
      res.json() as { items: Array<{ ruleId: string; subject: { type: string; id: string }; since: string }> }
    ).items;
    const replay = evaluateCompliance(foldLedger(parseRecordedEvents(log)), { asOf: TODAY });
    const key = (f: { ruleId: string; subject: { type: string; id: string }; since: string }) =>
      `${f.ruleId}|${f.subject.type}:${f.subject.id}|${f.since}`;

    Object.assign(figures, {
      acknowledged: acked.size,
      retries,
      events: written.length,
      lostOrDoubled: lost.length + (dispatchKeys.length - new Set(dispatchKeys).size),
      findings: `${api.length} = ${replay.length}`,
    });
    expect(lost).toEqual([]);
    expect(written.length).toBe(acked.size);
    expect(written.length).toBe(CLIENTS * PER_CLIENT + CLIENTS * 2);
    expect(new Set(dispatchKeys).size).toBe(dispatchKeys.length);
    expect(c1).toEqual(c1.map((_, i) => i)); // the cooperation's revisions run 0, 1, 2, … without a gap
    expect(api.map(key).sort()).toEqual(replay.map(key).sort());
    expect(replay.length).toBeGreaterThan(0);
  });
});
