import * as path from 'node:path';
import Database from 'better-sqlite3';
import { createEventStore } from '@ledger/event-store';
import { AuditLog } from '../audit-log';
import { AuditProjection } from '../audit-projection';
import { loadOrCreateSigningKey } from '../signing';
import { appendSampleEvents } from './sample-events';

/**
 * A SQLite ledger in `dir` for the audit specs: 43 sample events and checkpoints signed at 25 and
 * 40 leaves; the audit log holds all 43 events (`'all'`) or the 40 the last checkpoint covers
 * (`'checkpointed'`, 3 not yet in it). The WAL files are folded into the main files, so that the
 * bytes on disk are the events.
 */
export async function buildSampleLedger(dir: string, audited: 'all' | 'checkpointed'): Promise<void> {
  const store = await createEventStore({ kind: 'sqlite', dataDir: dir });
  const log = AuditLog.open(dir);
  let t = 0;
  const projection = new AuditProjection(store, log, loadOrCreateSigningKey({ dataDir: dir }), {
    checkpointIntervalMs: 0,
    now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, t++)).toISOString(),
  });
  await appendSampleEvents(store, 0, 25);
  await projection.checkpointNow();
  await appendSampleEvents(store, 25, 15);
  await projection.checkpointNow();
  await appendSampleEvents(store, 40, 3);
  if (audited === 'all') await projection.catchUp();
  projection.stop();
  log.close();
  await store.close();
  for (const file of ['events.db', 'audit.db']) {
    const db = new Database(path.join(dir, file));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  }
}
