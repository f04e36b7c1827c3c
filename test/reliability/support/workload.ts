import { createHash } from 'node:crypto';
import type { StoredEvent } from '@ledger/event-store';

/** Small seeded PRNG (mulberry32): the kill moments and the command mix repeat for a seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SEED = Number(process.env.RELIABILITY_SEED ?? 20260115);
export const LEAD_ID = '4301020000';
const DISTRICTS = ['430102', '430103', '430104', '430105', '430111', '430112'];

/** One command the client wants recorded exactly once; `key` is its Idempotency-Key and marker. */
export interface Op {
  readonly key: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
}

export function leadOp(): Op {
  return { key: 'setup-lead', path: '/schools', body: schoolBody(LEAD_ID, '430102', 'setup-lead') };
}

function schoolBody(schoolId: string, districtCode: string, marker: string): Record<string, unknown> {
  return {
    schoolId,
    name: `学校 ${marker}`,
    stages: ['JUNIOR'],
    ownership: 'PUBLIC',
    administration: 'DISTRICT',
    districtCode,
    inChangsha: true,
    sinoForeign: false,
    occurredOn: '2022-01-10',
  };
}

/** The n-th command of a run: a new school (its own stream) or a governance change on the lead (one hot stream). */
export function nthOp(n: number, random: () => number, prefix = 'op'): Op {
  const key = `${prefix}-${n}`;
  if (random() < 0.5) {
    const district = DISTRICTS[Math.floor(n / 9_999) % DISTRICTS.length];
    const schoolId = `${district}${String((n % 9_999) + 1).padStart(4, '0')}`;
    return { key, path: '/schools', body: schoolBody(schoolId, district, key) };
  }
  return {
    key,
    path: `/schools/${LEAD_ID}/governance-changes`,
    body: { field: 'LEGAL_REPRESENTATIVE', description: key, occurredOn: '2023-03-01' },
  };
}

/** The marker an event carries (school name or description), to count events per command. */
export function markerOf(e: StoredEvent): string | undefined {
  const d = e.data as Record<string, unknown>;
  if (e.type === 'SchoolRegistered' && typeof d.name === 'string') return d.name.replace(/^学校 /, '');
  if (e.type === 'SchoolGovernanceChanged' && typeof d.description === 'string') return d.description;
  return undefined;
}

export interface Ack {
  readonly eventId: string;
  readonly position: string;
  readonly status: number;
}

/** Posts one command; resolves with the status and body, rejects when the connection fails. */
export async function post(
  base: string,
  auth: string,
  op: Op,
  timeoutMs = 10_000,
): Promise<{ status: number; body: Record<string, unknown>; replay: boolean }> {
  const res = await fetch(`${base}/api/v1${op.path}`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json', 'idempotency-key': op.key },
    body: JSON.stringify(op.body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { status: res.status, body, replay: res.headers.get('idempotent-replayed') === 'true' };
}

export const hashOf = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 12);
