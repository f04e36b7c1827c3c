import request from 'supertest';
import {
  EMPTY_ROOT,
  isValidConsistency,
  isValidInclusion,
  publicKeyFromRaw,
  verifyCheckpointSignature,
} from '@ledger/audit';
import { LEAD, schoolBody, startTestApp, type TestApp } from './support';

const hexes = (xs: string[]) => xs.map((x) => Buffer.from(x, 'hex'));

describe('the audit routes', () => {
  let t: TestApp;
  let auditor: string;
  let admin: string;
  const positions: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ LEDGER_TODAY: '2025-03-01' });
    auditor = await t.auth('auditor');
    admin = await t.auth('admin');
    const recorder = await t.auth('recorder');
    for (const [i, district] of ['430102', '430103', '430104', '430105', '430111'].entries()) {
      const id = `${LEAD.slice(0, 6)}${String(9000 + i)}`;
      const res = await request(t.server).post('/api/v1/schools').set('Authorization', recorder).send(schoolBody(id, district));
      expect(res.status).toBe(201);
      positions.push(res.body.position as string);
    }
  });
  afterAll(() => t.close());

  it('when no checkpoint was signed yet, latest is a 404 problem', async () => {
    const res = await request(t.server).get('/api/v1/audit/checkpoints/latest').set('Authorization', auditor);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ status: 404, code: 'AUDIT.NO_CHECKPOINT' });
  });

  it('is closed to recorders and viewers, and signing is for admins only', async () => {
    expect((await request(t.server).get('/api/v1/audit/public-key').set('Authorization', await t.auth('viewer'))).status).toBe(403);
    expect((await request(t.server).get('/api/v1/audit/public-key').set('Authorization', await t.auth('recorder'))).status).toBe(403);
    expect((await request(t.server).post('/api/v1/audit/checkpoints').set('Authorization', auditor)).status).toBe(403);
    expect((await request(t.server).get('/api/v1/audit/public-key')).status).toBe(401);
  });

  it('signs on demand a checkpoint that verifies with the published key, and serves proofs against it', async () => {
    const signed = await request(t.server).post('/api/v1/audit/checkpoints').set('Authorization', admin);
    expect(signed.status).toBe(201);
    expect(signed.body.treeSize).toBe(5);
    const latest = await request(t.server).get('/api/v1/audit/checkpoints/latest').set('Authorization', auditor);
    expect(latest.body).toEqual(signed.body);

    const key = await request(t.server).get('/api/v1/audit/public-key').set('Authorization', auditor);
    expect(key.body).toMatchObject({ algorithm: 'Ed25519' });
    expect(key.body.pem).toContain('BEGIN PUBLIC KEY');
    expect(verifyCheckpointSignature(latest.body, publicKeyFromRaw(key.body.raw))).toBe(true);

    for (const position of positions) {
      const res = await request(t.server).get('/api/v1/audit/proofs/inclusion').query({ position }).set('Authorization', auditor);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ position, treeSize: 5, rootHash: latest.body.rootHash });
      expect(res.body.event).toMatchObject({ position, type: 'SchoolRegistered' });
      expect(isValidInclusion(res.body.leafIndex, 5, Buffer.from(res.body.leafHash, 'hex'), hexes(res.body.proof), Buffer.from(latest.body.rootHash, 'hex'))).toBe(true);
    }
    const cons = await request(t.server).get('/api/v1/audit/proofs/consistency').query({ from: 2, to: 5 }).set('Authorization', auditor);
    expect(cons.status).toBe(200);
    expect(cons.body.toRoot).toBe(latest.body.rootHash);
    expect(isValidConsistency(2, 5, Buffer.from(cons.body.fromRoot, 'hex'), Buffer.from(cons.body.toRoot, 'hex'), hexes(cons.body.proof))).toBe(true);
    expect(cons.body.fromRoot).not.toBe(EMPTY_ROOT.toString('hex'));
  });

  it.each([
    ['/api/v1/audit/proofs/inclusion', {}],
    ['/api/v1/audit/proofs/inclusion', { position: 'abc' }],
    ['/api/v1/audit/proofs/inclusion', { position: '0' }],
    ['/api/v1/audit/proofs/inclusion', { position: '1', treeSize: '-1' }],
    ['/api/v1/audit/proofs/inclusion', { position: '3', treeSize: '2' }],
    ['/api/v1/audit/proofs/inclusion', { position: '1', treeSize: '999' }],
    ['/api/v1/audit/proofs/consistency', { from: '1' }],
    ['/api/v1/audit/proofs/consistency', { from: '0', to: '3' }],
    ['/api/v1/audit/proofs/consistency', { from: '4', to: '3' }],
    ['/api/v1/audit/proofs/consistency', { from: '1', to: '99' }],
    ['/api/v1/audit/proofs/consistency', { from: '1.5', to: '3' }],
  ])('GET %s with %j is a 400 problem', async (url, query) => {
    const res = await request(t.server).get(url).query(query).set('Authorization', auditor);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors?.length).toBeGreaterThan(0);
  });

  it('proves an event newer than the latest checkpoint against the whole log, with no checkpoint attached', async () => {
    const recorder = await t.auth('recorder');
    const res = await request(t.server).post('/api/v1/schools').set('Authorization', recorder).send(schoolBody(`${LEAD.slice(0, 6)}9100`, '430102'));
    expect(res.status).toBe(201);
    const proof = await request(t.server).get('/api/v1/audit/proofs/inclusion').query({ position: res.body.position }).set('Authorization', auditor);
    expect(proof.status).toBe(200);
    expect(proof.body).toMatchObject({ treeSize: 6, leafIndex: 5, checkpoint: null });
    expect(isValidInclusion(5, 6, Buffer.from(proof.body.leafHash, 'hex'), hexes(proof.body.proof), Buffer.from(proof.body.rootHash, 'hex'))).toBe(true);
  });

  it('answers 404 for a position with no event', async () => {
    const res = await request(t.server).get('/api/v1/audit/proofs/inclusion').query({ position: '777' }).set('Authorization', auditor);
    expect(res.status).toBe(404);
  });
});
