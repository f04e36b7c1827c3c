import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll } from '@jest/globals';
import { describeEventStoreConformance } from '../conformance/event-store.conformance';
import { SqliteEventStore } from './sqlite-event-store.adapter';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describeEventStoreConformance('sqlite', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-es-conf-'));
  dirs.push(dataDir);
  return SqliteEventStore.open({ dataDir });
});

// The same suite with every append through the writer thread (no inline path for a lone request,
// ADR 0104): both paths must keep the port's contract.
describeEventStoreConformance('sqlite (writer thread only)', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-es-conf-'));
  dirs.push(dataDir);
  return SqliteEventStore.open({ dataDir, inlineLoneAppends: false });
});
