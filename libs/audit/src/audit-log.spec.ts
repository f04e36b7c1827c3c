import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { createEventStore, type EventStore } from '@ledger/event-store';
import { AuditLog } from './audit-log';
import { AUDIT_CATCH_UP_PAGE, AuditProjection, checkpointIntervalFromEnv } from './audit-projection';
import { eventLeafHash, leafBytes } from './leaf';
import { hashLeaf } from './merkle/hash';
import { MemoryMerkleTree } from './merkle/memory-tree';
import { isValidConsistency, isValidInclusion } from './merkle/merkle';
import { loadOrCreateSigningKey, verifyCheckpointSignature, SIGNING_KEY_FILE } from './signing';
import { appendSampleEvents, sampleEvent } from './testing/sample-events';

describe('the audit log over a SQLite store', () => {
  let dir: string;
  let store: EventStore;
  let log: AuditLog;
  let projection: AuditProjection;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-log-'));
    store = await createEventStore({ kind: 'sqlite', dataDir: dir });
    log = AuditLog.open(dir);
    projection = new AuditProjection(store, log, loadOrCreateSigningKey({ dataDir: dir }), { checkpointIntervalMs: 0, now: () => '2026-01-01T00:00:00.000Z' });
  });

  afterEach(async () => {
    projection.stop();
    log.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('hashes a leaf as SHA-256(0x00 || RFC 8785 bytes of the event, revision as a string, recordedAt lifted out)', async () => {
    await appendSampleEvents(store, 0, 1);
    const [e] = await store.readAll();
    const text = leafBytes(e).toString('utf8');
    expect(text.startsWith('{"data":{"amountFen":0,')).toBe(true);
    expect(text).toContain('"recordedAt":"2024-01-01T00:00:00.000Z","revision":"0","streamId":"school-4301000000","type":"SchoolGovernanceChanged"}');
    expect(eventLeafHash(e).equals(hashLeaf(Buffer.from(text)))).toBe(true);
  });

  it('when it follows the subscription, its roots and proofs match a tree built in memory', async () => {
    projection.start();
    await appendSampleEvents(store, 0, 37);
    await projection.waitFor(37n);
    const events = await store.readAll();
    const mem = MemoryMerkleTree.fromLeafData(events.map(leafBytes));
    expect(log.size).toBe(37);
    for (const n of [1, 2, 5, 16, 31, 37]) expect(log.root(n).equals(mem.root(n))).toBe(true);
    expect(log.leafIndexOf(1n)).toBe(0);
    expect(log.leafIndexOf(37n)).toBe(36);
    for (const [m, n] of [[0, 37], [20, 37], [36, 37], [5, 16]]) {
      expect(isValidInclusion(m, n, log.leaf(m)!.hash, log.inclusionProof(m, n), mem.root(n))).toBe(true);
    }
    expect(isValidConsistency(13, 37, mem.root(13), mem.root(37), log.consistencyProof(13, 37))).toBe(true);
  });

  it('signs checkpoints on demand that verify with the generated key, and reopens with the same frontier', async () => {
    await appendSampleEvents(store, 0, 11);
    const cp = await projection.checkpointNow();
    expect(cp).toMatchObject({ treeSize: 11, lastPosition: '11', timestamp: '2026-01-01T00:00:00.000Z' });
    expect(cp.rootHash).toBe(log.root().toString('hex'));
    const signer = loadOrCreateSigningKey({ dataDir: dir });
    expect(fs.existsSync(path.join(dir, SIGNING_KEY_FILE))).toBe(true);
    expect(verifyCheckpointSignature(cp, signer.publicKey)).toBe(true);
    expect(verifyCheckpointSignature({ ...cp, treeSize: 10 }, signer.publicKey)).toBe(false);
    expect(projection.checkpointIfGrown()).toBeUndefined();

    log.close();
    const reopened = AuditLog.open(dir, { readonly: true });
    expect(reopened.size).toBe(11);
    expect(reopened.root().toString('hex')).toBe(cp.rootHash);
    expect(reopened.latestCheckpoint()).toEqual(cp);
    reopened.close();
    log = AuditLog.open(dir);
  });

  describe('catchUp() on a long log (ADR 0149)', () => {
    /** `count` sample events in appends of 500 (one stream: quicker than one append each). */
    const appendMany = async (from: number, count: number) => {
      for (let i = from; i < from + count; i += 500) {
        const events = Array.from(
          { length: Math.min(500, from + count - i) },
          (_, k) => sampleEvent(i + k).event,
        );
        await store.appendToStream('school-4301000099', events);
      }
    };

    it('yields the event loop between pages: other work runs while it reads', async () => {
      await appendMany(0, 2 * AUDIT_CATCH_UP_PAGE + 500);
      let sizeSeenByOther: number | undefined;
      setImmediate(() => (sizeSeenByOther = log.size)); // queued before its first page
      await projection.catchUp();
      expect(sizeSeenByOther).toBe(AUDIT_CATCH_UP_PAGE); // after the first page, not after the whole log
      expect(log.size).toBe(2 * AUDIT_CATCH_UP_PAGE + 500);
    });

    it('a caller during a reading shares it, then reads what was written since', async () => {
      await appendMany(0, 2 * AUDIT_CATCH_UP_PAGE + 500);
      const page = BigInt(AUDIT_CATCH_UP_PAGE);
      const readAll = store.readAll.bind(store);
      const afters: bigint[] = [];
      jest.spyOn(store, 'readAll').mockImplementation(async (options) => {
        afters.push(options?.after ?? 0n);
        const got = await readAll(options);
        // Three events written once the first reading has read its last page (its head is older).
        if (options?.after === 2n * page) await appendMany(2 * AUDIT_CATCH_UP_PAGE + 500, 3);
        return got;
      });
      const first = projection.catchUp();
      const second = projection.catchUp(); // asked during the first reading
      await Promise.all([first, second]);
      expect(afters).toEqual([0n, page, 2n * page, 2n * page + 500n]); // each page read once
      expect(log.size).toBe(2 * AUDIT_CATCH_UP_PAGE + 503);
    });
  });

  it('ignores events it already holds (a replayed subscription)', async () => {
    await appendSampleEvents(store, 0, 4);
    await projection.catchUp();
    projection.ingest(await store.readAll());
    expect(log.size).toBe(4);
  });
});

describe('LEDGER_CHECKPOINT_INTERVAL_MS', () => {
  it('defaults to ten seconds and names itself when malformed', () => {
    expect(checkpointIntervalFromEnv({})).toBe(10_000);
    expect(checkpointIntervalFromEnv({ LEDGER_CHECKPOINT_INTERVAL_MS: '250' })).toBe(250);
    expect(() => checkpointIntervalFromEnv({ LEDGER_CHECKPOINT_INTERVAL_MS: 'soon' })).toThrow(/LEDGER_CHECKPOINT_INTERVAL_MS/);
  });
});

describe('the leaf document', () => {
  it('writes bigints anywhere in the event as decimal strings', () => {
    const e = { eventId: 'e', streamId: 's', revision: 3n, type: 'T', data: { big: 12345678901234567890n } as never, metadata: { recordedAt: '2026-01-01T00:00:00Z' } };
    expect(leafBytes(e).toString()).toBe('{"data":{"big":"12345678901234567890"},"eventId":"e","metadata":{"recordedAt":"2026-01-01T00:00:00Z"},"recordedAt":"2026-01-01T00:00:00Z","revision":"3","streamId":"s","type":"T"}');
  });
});

describe('an audit log over non-contiguous positions (EventStoreDB commit positions)', () => {
  it('maps positions to leaf indices and proves by index', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-esdb-'));
    const log = AuditLog.open(dir);
    try {
      const positions = [1_024n, 2_306n, 9_007_199_254_740_993n, 9_007_199_254_741_500n];
      const leaves = positions.map((position, i) => ({ position, hash: hashLeaf(Buffer.from(`e${i}`)) }));
      expect(log.append(leaves)).toBe(4);
      expect(log.append(leaves.slice(2))).toBe(0);
      expect(() => log.append([{ position: 5n, hash: leaves[0].hash }])).not.toThrow(); // at or before the last: ignored
      expect(log.size).toBe(4);
      expect(log.leafIndexOf(9_007_199_254_740_993n)).toBe(2);
      expect(log.leaf(3)?.position).toBe(9_007_199_254_741_500n);
      expect(log.firstLeafAfter(2_306n)).toEqual({ leafIndex: 2, position: 9_007_199_254_740_993n });
      const mem = MemoryMerkleTree.fromLeafData(['e0', 'e1', 'e2', 'e3'].map((s) => Buffer.from(s)));
      expect(log.root().equals(mem.root())).toBe(true);
      expect(isValidInclusion(2, 4, leaves[2].hash, log.inclusionProof(2), mem.root())).toBe(true);
    } finally {
      log.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('an audit.db whose right edge lacks a node', () => {
  it('fails to open for writing, at once; opens read-only for verify, which reads leaves only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-edge-'));
    try {
      const log = AuditLog.open(dir);
      log.append(Array.from({ length: 4 }, (_, i) => ({ position: BigInt(i + 1), hash: hashLeaf(Buffer.from(`e${i}`)) })));
      log.close();
      // Leaf 2 deleted: 3 rows counted, and the edge of a tree of 3 is node (1, 0) and leaf 2.
      const db = new Database(path.join(dir, 'audit.db'));
      db.prepare('DELETE FROM leaves WHERE leaf_index = 2').run();
      db.close();
      expect(() => AuditLog.open(dir)).toThrow('no perfect node at level 0 index 2');
      const readonly = AuditLog.open(dir, { readonly: true });
      try {
        expect(readonly.size).toBe(3);
        expect(readonly.lastPosition).toBe(4n);
        expect(readonly.leaf(2)).toBeUndefined();
        expect(readonly.leaf(3)?.position).toBe(4n);
        expect(() => readonly.root()).toThrow('no perfect node at level 0 index 2');
      } finally {
        readonly.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
