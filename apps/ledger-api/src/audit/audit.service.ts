import * as os from 'node:os';
import * as path from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import {
  AuditLog,
  AuditProjection,
  checkpointIntervalFromEnv,
  loadOrCreateSigningKey,
  THREADED_CATCH_UP_BEYOND,
  type CheckpointSigner,
} from '@ledger/audit';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { CLOCK, LEDGER_CONFIG, type Clock, type LedgerConfig } from '@ledger/platform';
import { HealthRegistry } from '../platform/health-registry';

/**
 * The audit projection inside ledger-api: `<dataDir>/audit.db`, the Ed25519 key
 * (`LEDGER_AUDIT_SIGNING_KEY` as PEM, else `<dataDir>/audit-ed25519.pem`, generated when absent),
 * a checkpoint every `LEDGER_CHECKPOINT_INTERVAL_MS` (default 10000) when the tree grew.
 */
@Injectable()
export class AuditService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Audit');
  readonly log: AuditLog;
  readonly signer: CheckpointSigner;
  readonly projection: AuditProjection;
  private readonly threads?: { readonly eventsFile: string; readonly count: number };

  constructor(
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
    @Inject(EVENT_STORE) readonly store: EventStore,
    @Inject(CLOCK) clock: Clock,
    health: HealthRegistry,
    indicator: HealthIndicatorService,
  ) {
    const intervalMs = checkpointIntervalFromEnv(process.env);
    const pem = process.env.LEDGER_AUDIT_SIGNING_KEY?.trim();
    try {
      this.signer = loadOrCreateSigningKey({ dataDir: config.dataDir, pem: pem ? pem.replace(/\\n/g, '\n') : undefined });
    } catch (err) {
      throw new Error(`配置错误 · invalid configuration: LEDGER_AUDIT_SIGNING_KEY: ${(err as Error).message}`);
    }
    this.log = AuditLog.open(config.dataDir);
    // Far behind the embedded store (a first start after an upgrade), the leaves are hashed on
    // threads, one per core besides this one (ADR 0185).
    this.threads =
      config.eventStore === 'sqlite'
        ? { eventsFile: path.join(config.dataDir, 'events.db'), count: Math.max(1, Math.min(os.availableParallelism() - 1, 4)) }
        : undefined;
    this.projection = new AuditProjection(store, this.log, this.signer, {
      checkpointIntervalMs: intervalMs,
      now: () => clock.now(),
      onError: (err) => this.logger.error(`audit projection: ${(err as Error).message}`),
      threads: this.threads,
    });
    health.register('audit', async () => {
      const i = indicator.check('audit');
      const head = await store.headPosition();
      const lag = head - this.log.lastPosition;
      return lag <= 0n ? i.up({ treeSize: this.log.size }) : i.up({ treeSize: this.log.size, behind: lag.toString() });
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const head = await this.store.headPosition();
    if (head < this.log.lastPosition) {
      // The store was replaced or cut short under an existing audit.db: say so loudly, keep serving.
      this.logger.error(
        `审计日志超前于存储 · audit.db holds events up to position ${this.log.lastPosition} but the store ends at ${head}: the store was replaced or truncated; run ledger-cli verify`,
      );
    } else if (this.threads && head - this.log.lastPosition > BigInt(THREADED_CATCH_UP_BEYOND)) {
      this.logger.log(
        `审计日志追赶 · audit.db is ${head - this.log.lastPosition} events behind the store: catching up with the leaves hashed on ${this.threads.count} thread(s) (GET /health shows how far behind)`,
      );
    }
    this.projection.start();
  }

  onModuleDestroy(): void {
    this.projection.stop();
    this.log.close();
  }
}
