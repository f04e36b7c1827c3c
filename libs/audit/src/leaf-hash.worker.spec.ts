/**
 * leaf-hash.worker.js, the plain-JS leaf that verify's threads run (ADR 0184): reading events.db
 * itself, it gives every event the leaf hash the port's events get, at the positions the port
 * gives, and its leaf prefix is RFC 6962's.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { createEventStore, type Json } from '@ledger/event-store';
import { eventLeafHash } from './leaf';
import { hashLeafText } from './merkle/hash';

interface RangeHasher {
  hashRange(
    after: bigint,
    upTo: bigint,
    max: number,
  ): { count: number; positions: BigInt64Array; hashes: Uint8Array; more: boolean; unreadable?: unknown };
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const worker = require('./leaf-hash.worker.js') as {
  openRangeHasher(file: string, rowsPerRead?: number): RangeHasher;
  leafHashOfText(text: string): Buffer;
};

describe('leaf-hash.worker.js', () => {
  it('leafHashOfText is hashLeafText, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (text) => {
        expect(worker.leafHashOfText(text).equals(hashLeafText(text))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('hashes the events of a range as the port reads and eventLeafHash hashes them', async () => {
    const anEvent = fc.record({
      stream: fc.integer({ min: 0, max: 3 }),
      type: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }),
      data: fc.jsonValue(),
      metadata: fc.oneof(
        fc.jsonValue(),
        fc.record({ recordedAt: fc.string({ unit: 'binary', maxLength: 8 }), actor: fc.jsonValue() }),
      ),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(anEvent, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        async (events, max, rowsPerRead) => {
          const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leaf-hash-'));
          const store = await createEventStore({ kind: 'sqlite', dataDir: dir });
          const hasher = worker.openRangeHasher(path.join(dir, 'events.db'), rowsPerRead);
          try {
            let n = 0;
            for (const e of events) {
              const event = {
                eventId: `00000000-0000-4000-8000-${String(n++).padStart(12, '0')}`,
                type: e.type,
                data: e.data as Json,
                metadata: e.metadata as Json,
              };
              await store.appendToStream(`s-${e.stream}`, [event]);
            }
            const stored = await store.readAll();
            // The whole log in answers of at most `max` (read `rowsPerRead` rows at a time), each going on after the last one's end.
            const positions: bigint[] = [];
            const hashes: Buffer[] = [];
            let after = 0n;
            const head = stored[stored.length - 1].position;
            for (;;) {
              const r = hasher.hashRange(after, head, max);
              expect(r.unreadable).toBeUndefined();
              expect(r.count).toBeLessThanOrEqual(max);
              for (let i = 0; i < r.count; i++) {
                positions.push(r.positions[i]);
                hashes.push(Buffer.from(r.hashes.subarray(32 * i, 32 * i + 32)));
              }
              if (!r.more) break;
              after = r.positions[r.count - 1];
            }
            expect(positions).toEqual(stored.map((e) => e.position));
            expect(hashes.map((h) => h.toString('hex'))).toEqual(
              stored.map((e) => eventLeafHash(e).toString('hex')),
            );
            // A range ends at its upper bound.
            expect(hasher.hashRange(0n, stored[0].position, 100).count).toBe(1);
          } finally {
            hasher.close();
            await store.close();
            fs.rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 30 },
    );
  }, 60_000);
});
