import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { ReadSide } from '../../apps/ledger-api/src/queries/read-side.service';
import { startTestApp, type TestApp } from './support';

/** First start on an empty data dir with LEDGER_SEED_DEMO: the demo ledger and its findings. */
describe('when the app starts on an empty data dir with demo seeding', () => {
  let t: TestApp;
  let auth: string;

  beforeAll(async () => {
    t = await startTestApp({ LEDGER_SEED_DEMO: 'true', LEDGER_TODAY: '2026-11-27' });
    await t.app.get(ReadSide).whenReady();
    auth = await t.auth('viewer');
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('lists findings of at least ten distinct rules, each with its clause and evidence', async () => {
    const res = await request(t.server).get('/api/v1/compliance?limit=1000').set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({ asOf: '2026-11-27', knownAt: null, total: expect.any(Number), items: expect.any(Array) }));
    const findings = res.body.items as Array<{ ruleId: string; clause: string; evidence: string[]; message: { zh: string; en: string } }>;
    const rules = new Set(findings.map((f) => f.ruleId));
    expect(rules.size).toBeGreaterThanOrEqual(10);
    for (const f of findings) {
      expect(f.clause).toMatch(/^§\d/);
      expect(f.evidence.length).toBeGreaterThan(0);
      expect(f.message.zh.length).toBeGreaterThan(0);
    }
  });

  it('filters by severity, rule and district, and pages with a cursor', async () => {
    const violations = await request(t.server).get('/api/v1/compliance?severity=violation&status=OPEN&limit=5').set('Authorization', auth);
    expect(violations.status).toBe(200);
    expect(violations.body.items.length).toBeLessThanOrEqual(5);
    expect(violations.body.items.every((f: { severity: string; status: string }) => f.severity === 'violation' && f.status === 'OPEN')).toBe(true);
    if (violations.body.total > 5) {
      const next = await request(t.server).get(`/api/v1/compliance?severity=violation&status=OPEN&limit=5&cursor=${violations.body.nextCursor}`).set('Authorization', auth);
      expect(next.body.items[0]).not.toEqual(violations.body.items[0]);
    }
    const district = await request(t.server).get('/api/v1/compliance?districtCode=430104&limit=1000').set('Authorization', auth);
    expect(district.status).toBe(200);
    expect(district.body.total).toBeLessThan((await request(t.server).get('/api/v1/compliance?limit=1').set('Authorization', auth)).body.total);
  });

  it('answers the dashboard summary, deadlines, a famous lead’s footprint and a group history', async () => {
    const summary = await request(t.server).get('/api/v1/dashboard/summary').set('Authorization', auth);
    expect(summary.status).toBe(200);
    expect(summary.body.groups.active).toBeGreaterThan(30);
    expect(summary.body.findings.openViolations).toBeGreaterThan(0);
    expect(Object.keys(summary.body.findings.byDistrict).length).toBeGreaterThan(3);

    const deadlines = await request(t.server).get('/api/v1/deadlines?within=P12M').set('Authorization', auth);
    expect(deadlines.status).toBe(200);
    expect(deadlines.body.total).toBeGreaterThan(0);

    const groups = await request(t.server).get('/api/v1/groups/grp-0001').set('Authorization', auth);
    expect(groups.status).toBe(200);
    expect(groups.body.state.name).toBe('长郡教育集团');
    const footprint = await request(t.server).get(`/api/v1/leads/${groups.body.state.leadSchoolId}/footprint`).set('Authorization', auth);
    expect(footprint.status).toBe(200);
    expect(footprint.body.leadName).toBe('长郡中学');

    const history = await request(t.server).get('/api/v1/groups/grp-0001/history').set('Authorization', auth);
    expect(history.status).toBe(200);
    expect(history.body.items[0]).toEqual(expect.objectContaining({ type: 'GroupFormed', actor: expect.objectContaining({ role: expect.any(String) }), position: expect.stringMatching(/^\d+$/) }));
  });

  it('refuses a cursor it did not answer with a 400, rather than the first page again', async () => {
    const first = await request(t.server).get('/api/v1/compliance?limit=5').set('Authorization', auth);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    for (const cursor of ['abc', Buffer.from('o:x').toString('base64url'), `${first.body.nextCursor}Zm9v`]) {
      for (const route of ['/api/v1/compliance', '/api/v1/groups/grp-0001/history', '/api/v1/deadlines']) {
        const res = await request(t.server).get(`${route}?limit=5&cursor=${cursor}`).set('Authorization', auth);
        expect({ route, cursor, status: res.status }).toEqual({ route, cursor, status: 400 });
        expect(res.body.detail).toContain('cursor');
      }
    }
  });

  it('pages the deadlines when asked: the pages join into the whole period, in its order', async () => {
    const whole = await request(t.server).get('/api/v1/deadlines?within=P24M').set('Authorization', auth);
    expect(whole.status).toBe(200);
    expect(whole.body.nextCursor).toBeUndefined();
    expect(whole.body.items.length).toBe(whole.body.total);
    expect(whole.body.total).toBeGreaterThan(7); // more than two pages of 3
    const items: unknown[] = [];
    let cursor: string | undefined;
    do {
      const res = await request(t.server)
        .get(`/api/v1/deadlines?within=P24M&limit=3${cursor ? `&cursor=${cursor}` : ''}`)
        .set('Authorization', auth);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ total: whole.body.total, asOf: whole.body.asOf, within: 'P24M' }));
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      items.push(...(res.body.items as unknown[]));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(items).toEqual(whole.body.items);
    for (const bad of ['limit=0', 'limit=1001', 'limit=ten']) {
      const res = await request(t.server).get(`/api/v1/deadlines?within=P24M&${bad}`).set('Authorization', auth);
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
    }
  });

  it('refuses a bad asOf with a 400 problem document', async () => {
    const res = await request(t.server).get('/api/v1/compliance?asOf=2023-02-30').set('Authorization', auth);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});

/** ADR 0150: the city's findings after a restart on a later day, with no event recorded since. */
describe('when the app restarts on a later day from its snapshots', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-restart-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  /** Every finding a compliance query answers, page by page (1,000 a page at most). */
  const allPages = async (t: TestApp, auth: string, query: string) => {
    const items: unknown[] = [];
    let cursor: string | undefined;
    do {
      const res = await request(t.server)
        .get(`/api/v1/compliance?limit=1000${query}${cursor ? `&cursor=${cursor}` : ''}`)
        .set('Authorization', auth);
      expect(res.status).toBe(200);
      items.push(...(res.body.items as unknown[]));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    return items;
  };
  /** The city's findings at the app's today (the read model's), and that day evaluated on the bitemporal view. */
  const findingsOf = async (t: TestApp, day: string) => {
    const auth = await t.auth('viewer');
    const today = await request(t.server).get('/api/v1/compliance?limit=1').set('Authorization', auth);
    expect(today.body.asOf).toBe(day);
    return {
      cached: await allPages(t, auth, ''),
      evaluated: await allPages(t, auth, `&asOf=${day}&knownAt=2100-01-01T00:00:00Z`),
    };
  };

  it("answers today's findings, not the snapshot's day's", async () => {
    const first = await startTestApp({
      LEDGER_DATA_DIR: dataDir,
      LEDGER_SEED_DEMO: 'true',
      LEDGER_TODAY: '2026-11-27',
    });
    let before: Awaited<ReturnType<typeof findingsOf>>;
    try {
      await first.app.get(ReadSide).whenReady();
      before = await findingsOf(first, '2026-11-27');
    } finally {
      await first.close(); // its snapshots are saved at stop
    }

    const later = await startTestApp({
      LEDGER_DATA_DIR: dataDir,
      LEDGER_SEED_DEMO: 'true',
      LEDGER_TODAY: '2031-09-01',
    });
    try {
      await later.app.get(ReadSide).whenReady();
      expect(later.app.get(ReadSide).runner.applied).toBe(0); // restored, nothing recorded since
      const after = await findingsOf(later, '2031-09-01');
      expect(after.evaluated).not.toEqual(before.evaluated); // the day changes the demo city's findings
      // Today's answer comes from the read model, the other from the view: the same findings, in
      // the same order (ADR 0151), so a client's pages agree.
      expect(after.cached).toEqual(after.evaluated);
      expect(before!.cached).toEqual(before!.evaluated);
    } finally {
      await later.close();
    }
  }, 120_000);
});
