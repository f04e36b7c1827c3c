import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Role } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { LEDGER_CONFIG, mintToken, type LedgerConfig } from '@ledger/platform';
import { createApp, type CreateAppOverrides } from '../../../apps/ledger-api/src/bootstrap';

export interface TestApp {
  readonly app: NestFastifyApplication;
  /** Pass to supertest: `request(t.server)`. */
  readonly server: ReturnType<NestFastifyApplication['getHttpServer']>;
  readonly dataDir: string;
  readonly config: LedgerConfig;
  readonly store: EventStore;
  /** A bearer token for a role (recorders default to the city). */
  token(role: Role, jurisdiction?: string, sub?: string): Promise<string>;
  /** `Authorization` header value for a role. */
  auth(role: Role, jurisdiction?: string, sub?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts the real API on a fresh temp data dir (no demo data, silent logs, not listening:
 * supertest drives `server`). `env` overrides the defaults below.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  overrides: CreateAppOverrides = {},
): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-'));
  const app = await createApp(
    {
      LEDGER_DATA_DIR: dataDir,
      LEDGER_SEED_DEMO: 'false',
      LEDGER_LOG_LEVEL: 'silent',
      LEDGER_PRINT_TOKENS: 'false',
      EVENT_STORE: 'sqlite',
      ...env,
    },
    overrides,
  );
  const config = app.get<LedgerConfig>(LEDGER_CONFIG);
  const token = (role: Role, jurisdiction?: string, sub?: string) =>
    mintToken(
      { role, jurisdiction: jurisdiction ?? (role === 'recorder' ? 'city' : undefined), sub, ttl: '1h' },
      config,
    );
  return {
    app,
    server: app.getHttpServer(),
    dataDir,
    config,
    store: app.get<EventStore>(EVENT_STORE),
    token,
    auth: async (role, jurisdiction, sub) => `Bearer ${await token(role, jurisdiction, sub)}`,
    close: async () => {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
