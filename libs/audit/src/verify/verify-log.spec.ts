/**
 * verifyLog over a real SQLite store, through the port and with the leaves hashed on threads
 * (ADR 0184): the same verdict, field for field, whatever was tampered with and however the log
 * is cut into ranges; and the first difference named where it is.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import * as fc from 'fast-check';
import { createEventStore } from '@ledger/event-store';
import { AuditLog } from '../audit-log';
import { AuditProjection } from '../audit-projection';
import { loadOrCreateSigningKey } from '../signing';
import { appendSampleEvents } from '../testing/sample-events';
import { buildSampleLedger } from '../testing/sample-ledger';
import { verifyLog, type LogVerification, type VerifyLogOptions } from './verify-log';

type Tamper =
  | { kind: 'none' }
  | { kind: 'change'; at: number }
  | { kind: 'delete'; at: number }
  | { kind: 'swap'; at: number; with: number }
  | { kind: 'unreadable'; at: number }
  | { kind: 'unhashable'; at: number }
  | { kind: 'cut'; after: number }
  | { kind: 'move-to-end'; at: number }
  | { kind: 'leaf'; at: number }
  | { kind: 'leaf-deleted'; at: number };

function tamper(dir: string, t: Tamper): void {
  if (t.kind === 'none') return;
  const file = path.join(dir, t.kind === 'leaf' || t.kind === 'leaf-deleted' ? 'audit.db' : 'events.db');
  const db = new Database(file);
  try {
    switch (t.kind) {
      case 'change':
        db.prepare(
          `UPDATE events SET data = json_set(data, '$.description', 'changed') WHERE position = ?`,
        ).run(t.at);
        break;
      case 'delete':
        db.prepare('DELETE FROM events WHERE position = ?').run(t.at);
        break;
      case 'swap':
        db.prepare('UPDATE events SET position = -1 WHERE position = ?').run(t.at);
        db.prepare('UPDATE events SET position = ? WHERE position = ?').run(t.at, t.with);
        db.prepare('UPDATE events SET position = ? WHERE position = -1').run(t.with);
        break;
      case 'unreadable':
        db.prepare(`UPDATE events SET data = '{"description": "cut sh' WHERE position = ?`).run(t.at);
        break;
      case 'unhashable':
        db.prepare(`UPDATE events SET data = '{"amountFen": 1e400}' WHERE position = ?`).run(t.at);
        break;
      case 'cut':
        db.prepare('DELETE FROM events WHERE position > ?').run(t.after);
        break;
      case 'move-to-end':
        db.prepare('UPDATE events SET position = 1000 WHERE position = ?').run(t.at);
        break;
      case 'leaf':
        db.prepare('UPDATE leaves SET hash = zeroblob(32) WHERE leaf_index = ?').run(t.at - 1);
        break;
      case 'leaf-deleted':
        db.prepare('DELETE FROM leaves WHERE leaf_index = ?').run(t.at - 1);
        break;
    }
  } finally {
    db.close();
  }
}

async function verifyIn(dir: string, threads?: VerifyLogOptions['threads']): Promise<LogVerification> {
  const store = await createEventStore({ kind: 'sqlite', dataDir: dir });
  try {
    // (Whatever audit.db holds, the store is closed.)
    const log = AuditLog.open(dir, { readonly: true });
    try {
      const publicKey = loadOrCreateSigningKey({ dataDir: dir }).publicKey;
      return await verifyLog({ store, log, publicKey, pageSize: 7, threads });
    } finally {
      log.close();
    }
  } finally {
    await store.close();
  }
}

describe('verifyLog', () => {
  let pristine: string;
  const dirs: string[] = [];
  const copyOfLedger = (): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-log-'));
    dirs.push(dir);
    fs.cpSync(pristine, dir, { recursive: true });
    return dir;
  };

  beforeAll(async () => {
    pristine = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-log-pristine-'));
    await buildSampleLedger(pristine, 'checkpointed');
  });
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  afterAll(() => fs.rmSync(pristine, { recursive: true, force: true }));

  const threadsOf = (dir: string, count: number, rangeSize: number): VerifyLogOptions['threads'] => ({
    eventsFile: path.join(dir, 'events.db'),
    count,
    rangeSize,
  });

  it('an untouched ledger verifies, through the port and on threads alike', async () => {
    const dir = copyOfLedger();
    const expected = {
      ok: true,
      eventsRead: 43,
      leavesChecked: 40,
      checkpointsChecked: 2,
      notYetInAuditLog: 3,
      problems: [],
    };
    expect(await verifyIn(dir)).toEqual(expected);
    expect(await verifyIn(dir, threadsOf(dir, 2, 6))).toEqual(expected);
  });

  it('an event the store cannot decode is named itself, not the first of its page', async () => {
    const dir = copyOfLedger();
    tamper(dir, { kind: 'unreadable', at: 18 });
    for (const threads of [undefined, threadsOf(dir, 2, 5)]) {
      const result = await verifyIn(dir, threads);
      expect(result.ok).toBe(false);
      expect(result.firstDifference).toMatchObject({ position: '18', leafIndex: 17 });
      expect(result.firstDifference?.reason).toContain('the store cannot read the event after position 17');
      expect(result.eventsRead).toBe(17);
    }
  });

  it('an event without a leaf (a number parsed as Infinity) is named as an unreadable one is', async () => {
    const dir = copyOfLedger();
    tamper(dir, { kind: 'unhashable', at: 9 });
    const byPort = await verifyIn(dir);
    expect(byPort.firstDifference).toMatchObject({ position: '9', leafIndex: 8 });
    expect(byPort.firstDifference?.reason).toContain('the store cannot read the event after position 8');
    expect(await verifyIn(dir, threadsOf(dir, 2, 3))).toEqual(byPort);
  });

  it('more events in a range than it has room for are read in further answers', async () => {
    const dir = copyOfLedger();
    // Leaf 3 recorded at position 1000: the first range (leaves 0–3) then holds every event.
    const audit = new Database(path.join(dir, 'audit.db'));
    audit.prepare('UPDATE leaves SET position = 1000 WHERE leaf_index = 3').run();
    audit.close();
    const result = await verifyIn(dir, threadsOf(dir, 1, 4));
    expect(result).toEqual(await verifyIn(dir));
    expect(result.firstDifference).toMatchObject({ position: '4', leafIndex: 3 });
  });

  it('the audit log without its last leaf is one event behind an intact store, both ways', async () => {
    const dir = copyOfLedger();
    tamper(dir, { kind: 'leaf-deleted', at: 40 });
    const byPort = await verifyIn(dir);
    expect(byPort).toMatchObject({
      ok: true,
      eventsRead: 43,
      leavesChecked: 39,
      notYetInAuditLog: 4,
      checkpointsChecked: 2,
    });
    expect(await verifyIn(dir, threadsOf(dir, 2, 4))).toEqual(byPort);
  });

  it('a leaf missing from audit.db where a range would end: the verdict of the port', async () => {
    const dir = copyOfLedger();
    tamper(dir, { kind: 'leaf-deleted', at: 8 }); // leaf index 7 ends the second range of 4
    const byPort = await verifyIn(dir);
    expect(byPort.ok).toBe(false);
    expect(await verifyIn(dir, threadsOf(dir, 2, 4))).toEqual(byPort);
  });

  it('the leaf on the right edge of the audit tree deleted: a verdict naming it, both ways, not an error opening audit.db', async () => {
    const dir = copyOfLedger();
    tamper(dir, { kind: 'leaf-deleted', at: 39 }); // 39 rows left: the edge of 39 ends with leaf 38
    const byPort = await verifyIn(dir);
    expect(byPort.ok).toBe(false);
    expect(byPort.firstDifference).toMatchObject({ position: '39', leafIndex: 38 });
    expect(await verifyIn(dir, threadsOf(dir, 2, 4))).toEqual(byPort);
  });

  it('verifies a ledger still being recorded: what is recorded meanwhile is read, not reported', async () => {
    const dir = copyOfLedger();
    const store = await createEventStore({ kind: 'sqlite', dataDir: dir });
    const writing = AuditLog.open(dir);
    const signer = loadOrCreateSigningKey({ dataDir: dir });
    const projection = new AuditProjection(store, writing, signer, {
      checkpointIntervalMs: 0,
      now: () => '2026-01-02T00:00:00.000Z',
    });
    projection.start();
    let recording = true;
    let recorded = 43;
    const recorder = (async () => {
      while (recording && recorded < 5_000) {
        await appendSampleEvents(store, recorded, 1);
        recorded++; // (counted once committed)
      }
    })();
    try {
      await projection.waitFor(150n);
      for (const threads of [undefined, threadsOf(dir, 2, 5)]) {
        const from = recorded;
        const log = AuditLog.open(dir, { readonly: true });
        try {
          const result = await verifyLog({ store, log, publicKey: signer.publicKey, pageSize: 7, threads });
          expect(result.problems).toEqual([]);
          expect(result.eventsRead).toBeGreaterThanOrEqual(from);
        } finally {
          log.close();
        }
      }
      expect(recorded).toBeLessThan(5_000); // still recording when both verifications ended
    } finally {
      recording = false;
      await recorder;
      projection.stop();
      writing.close();
      await store.close();
    }
  });

  it('fails, rather than gives a verdict, when a thread cannot read the store', async () => {
    const dir = copyOfLedger();
    await expect(verifyIn(dir, { eventsFile: path.join(dir, 'missing.db'), count: 2 })).rejects.toThrow(
      /leaf hash thread failed: .*missing\.db/,
    );
  });

  it('gives the verdict of the port for any tampering and any cut into ranges', async () => {
    // Positions 1–40 are in the audit log; 41–43 are not yet, so only an unreadable one shows there.
    const inLog = fc.integer({ min: 1, max: 40 });
    const any = fc.integer({ min: 1, max: 43 });
    const tampering: fc.Arbitrary<Tamper> = fc.oneof(
      fc.constant<Tamper>({ kind: 'none' }),
      inLog.map<Tamper>((a) => ({ kind: 'change', at: a })),
      inLog.map<Tamper>((a) => ({ kind: 'delete', at: a })),
      fc
        .tuple(inLog, any)
        .filter(([a, b]) => a < b)
        .map<Tamper>(([a, b]) => ({ kind: 'swap', at: a, with: b })),
      any.map<Tamper>((a) => ({ kind: 'unreadable', at: a })),
      any.map<Tamper>((a) => ({ kind: 'unhashable', at: a })),
      fc.integer({ min: 0, max: 39 }).map<Tamper>((a) => ({ kind: 'cut', after: a })),
      inLog.map<Tamper>((a) => ({ kind: 'move-to-end', at: a })),
      inLog.map<Tamper>((a) => ({ kind: 'leaf', at: a })),
      // (Without its last leaf the audit log is only one event behind an intact store: no tampering.)
      fc.integer({ min: 1, max: 39 }).map<Tamper>((a) => ({ kind: 'leaf-deleted', at: a })),
    );
    // A verdict, or the error verifying ended with (an audit.db that no longer opens, say).
    const outcome = (
      p: Promise<LogVerification>,
    ): Promise<{ verdict: LogVerification } | { error: string }> =>
      p.then(
        (verdict) => ({ verdict }),
        (err: Error) => ({ error: err.message }),
      );
    await fc.assert(
      fc.asyncProperty(
        tampering,
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 12 }),
        async (t, count, rangeSize) => {
          const dir = copyOfLedger();
          tamper(dir, t);
          const byPort = await outcome(verifyIn(dir));
          expect('verdict' in byPort ? byPort.verdict.ok : false).toBe(t.kind === 'none');
          expect(await outcome(verifyIn(dir, threadsOf(dir, count, rangeSize)))).toEqual(byPort);
          fs.rmSync(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
