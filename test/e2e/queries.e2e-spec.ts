import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { ReadSide } from '../../apps/ledger-api/src/queries/read-side.service';
import { LEAD, PARTNER, doc, schoolBody, startTestApp, type TestApp } from './support';

interface SseFrame {
  event?: string;
  id?: string;
  data?: string;
}

/** Opens the stream and collects frames until `until` says stop (or the timeout). */
function readStream(base: string, path: string, headers: Record<string, string>, until: (frames: SseFrame[]) => boolean): Promise<SseFrame[]> {
  return new Promise((resolve, reject) => {
    const frames: SseFrame[] = [];
    const req = http.get(`${base}${path}`, { headers }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const frame: SseFrame = {};
          for (const line of block.split('\n')) {
            const m = /^(event|id|data): (.*)$/.exec(line);
            if (m) frame[m[1] as keyof SseFrame] = m[2];
          }
          if (frame.event) frames.push(frame);
        }
        if (until(frames)) {
          req.destroy();
          resolve(frames);
        }
      });
    });
    req.on('error', (err) => (frames.length ? resolve(frames) : reject(err)));
    setTimeout(() => {
      req.destroy();
      resolve(frames);
    }, 8000);
  });
}

describe('the query routes on a ledger written through the API', () => {
  let t: TestApp;
  let recorder: string;
  let viewer: string;
  let base: string;
  const positions: string[] = [];

  async function record(path: string, body: object): Promise<{ position: string; eventId: string; id?: string }> {
    const res = await request(t.server).post(`/api/v1${path}`).set('Authorization', recorder).send(body);
    expect({ path, status: res.status, body: res.body }).toMatchObject({ status: 201 });
    positions.push(res.body.position);
    return res.body;
  }

  beforeAll(async () => {
    t = await startTestApp({ LEDGER_TODAY: '2026-11-27' });
    await t.app.get(ReadSide).whenReady();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    recorder = await t.auth('recorder', 'city');
    viewer = await t.auth('viewer');
    await record('/schools', schoolBody(LEAD, '430103', { name: '长郡中学', stages: ['JUNIOR', 'SENIOR'], administration: 'CITY_DIRECT', occurredOn: '2020-01-10' }));
    await record('/schools', schoolBody(PARTNER, '430104', { name: '长沙市岳麓区麓谷中学', occurredOn: '2020-01-12' }));
    await record('/groups', { groupId: 'grp-e2e', name: '长郡教育集团', leadSchoolId: LEAD, occurredOn: '2021-03-01' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('reads its own writes with ?minPosition= and tells the revision and asOf/knownAt used', async () => {
    const res = await request(t.server).get(`/api/v1/groups/grp-e2e?minPosition=${positions[2]}`).set('Authorization', viewer);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({ id: 'grp-e2e', revision: '0', asOf: '2026-11-27', knownAt: null }));
    expect(res.body.state).toEqual(expect.objectContaining({ name: '长郡教育集团', leadSchoolId: LEAD }));
  });

  it('answers 503 when the read models cannot reach a position in time, and 404 for an unknown subject', async () => {
    const late = await request(t.server).get('/api/v1/dashboard/summary?minPosition=999999').set('Authorization', viewer);
    expect(late.status).toBe(503);
    const unknown = await request(t.server).get('/api/v1/cooperations/nope').set('Authorization', viewer);
    expect(unknown.status).toBe(404);
  });

  it('time-travels: a group not yet formed asOf, a charter not yet known at a position', async () => {
    const before = await request(t.server).get('/api/v1/groups/grp-e2e?asOf=2021-02-28').set('Authorization', viewer);
    expect(before.status).toBe(200);
    expect(before.body.state).toBeNull();
    const charter = await record('/groups/grp-e2e/charters', { document: doc('CHARTER', '章程'), occurredOn: '2021-04-01' });
    const now = await request(t.server).get(`/api/v1/groups/grp-e2e?minPosition=${charter.position}`).set('Authorization', viewer);
    expect(now.body.state.charters).toHaveLength(1);
    const then = await request(t.server).get(`/api/v1/groups/grp-e2e?knownAt=${positions[2]}`).set('Authorization', viewer);
    expect(then.body.state.charters).toHaveLength(0);
    expect(then.body.revision).toBe('0');
    expect(then.body.knownAt).toBe(positions[2]);
  });

  it('pages the global log with positions and revisions as strings', async () => {
    const res = await request(t.server).get('/api/v1/events?fromPosition=2&limit=2').set('Authorization', viewer);
    expect(res.status).toBe(200);
    expect(res.body.items.map((e: { position: string }) => e.position)).toEqual(['2', '3']);
    expect(res.body.nextCursor).toBe('4');
    expect(typeof res.body.items[0].revision).toBe('string');
  });

  it('streams events live and, after a reconnect with Last-Event-ID, replays everything missed', async () => {
    const token = await t.token('viewer');
    const head = (await t.store.headPosition()).toString();
    const live = readStream(base, `/api/v1/stream?access_token=${token}`, {}, (f) => f.some((x) => x.event === 'ledger-event'));
    await new Promise((r) => setTimeout(r, 200));
    const exam = await record('/groups/grp-e2e/joint-exams', { participants: [LEAD], occurredOn: '2022-06-10' });
    const got = await live;
    const first = got.find((f) => f.event === 'ledger-event')!;
    expect(first.id).toBe(exam.position);
    expect(JSON.parse(first.data!)).toEqual(expect.objectContaining({ type: 'JointExamHeld', position: exam.position }));

    // While disconnected: two more events, one of which opens R13 (a second joint exam in 2022).
    const second = await record('/groups/grp-e2e/joint-exams', { participants: [LEAD], occurredOn: '2022-11-10' });
    const third = await record('/groups/grp-e2e/development-plans', { document: doc('DEVELOPMENT_PLAN', '规划'), occurredOn: '2022-12-01' });
    const resumed = await readStream(base, '/api/v1/stream', { authorization: `Bearer ${token}`, 'last-event-id': head }, (f) =>
      f.some((x) => x.event === 'ledger-event' && x.id === third.position),
    );
    expect(resumed.filter((f) => f.event === 'ledger-event').map((f) => f.id)).toEqual([exam.position, second.position, third.position]);
  });

  it('pushes the findings an event opens on the stream, the same frames to every client (built once, ADR 0187)', async () => {
    const token = await t.token('auditor');
    const streams = [1, 2, 3].map(() => readStream(base, `/api/v1/stream?access_token=${token}`, {}, (f) => f.some((x) => x.event === 'finding')));
    await new Promise((r) => setTimeout(r, 200));
    await record('/groups/grp-e2e/direct-promotion-plans', { enrolmentYear: 2023, quota: 30, occurredOn: '2023-03-01' });
    const [got, ...others] = await Promise.all(streams);
    const finding = got.find((f) => f.event === 'finding');
    expect(finding).toBeDefined();
    expect(JSON.parse(finding!.data!)).toEqual(expect.objectContaining({ change: 'opened', finding: expect.objectContaining({ ruleId: 'R16' }) }));
    // The event, then its finding, each with the event's position as its id.
    const event = got.find((f) => f.event === 'ledger-event' && f.id === finding!.id);
    expect(JSON.parse(event!.data!)).toEqual(expect.objectContaining({ type: 'DirectPromotionPlanPublished', position: finding!.id }));
    const ofTheEvent = (frames: SseFrame[]) => frames.filter((f) => f.id === finding!.id);
    expect(ofTheEvent(got).map((f) => f.event)).toEqual(['ledger-event', 'finding']);
    for (const other of others) expect(ofTheEvent(other)).toEqual(ofTheEvent(got));
  });

  it('refuses the stream without a token, and bad query parameters with 400', async () => {
    const res = await request(t.server).get('/api/v1/stream');
    expect(res.status).toBe(401);
    const bad = await request(t.server).get('/api/v1/groups/grp-e2e?knownAt=yesterday').set('Authorization', viewer);
    expect(bad.status).toBe(400);
    const within = await request(t.server).get('/api/v1/deadlines?within=12M').set('Authorization', viewer);
    expect(within.status).toBe(400);
  });
});
