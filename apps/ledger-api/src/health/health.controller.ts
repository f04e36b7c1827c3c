import { Controller, Get, Inject, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { Public } from '../auth/roles.decorator';
import { HealthRegistry } from '../platform/health-registry';
import { HealthDown } from './health-down';

@ApiTags('health')
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('Health');
  /** What the last 503 said was down (undefined while up): a change is logged once, not each probe. */
  private lastDown?: string;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly registry: HealthRegistry,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @Public()
  @SkipThrottle()
  @HealthCheck()
  @ApiOperation({ summary: '存活与就绪 · liveness and readiness (store reachable, projections caught up)' })
  async check(): Promise<HealthCheckResult> {
    try {
      const result = await this.checkAll();
      if (this.lastDown !== undefined) this.logger.log('/health 已就绪 · ready again');
      this.lastDown = undefined;
      return result;
    } catch (err) {
      // terminus throws its result as a 503 (ADR 0147): answered with every indicator's details.
      if (!(err instanceof ServiceUnavailableException)) throw err;
      const down = new HealthDown(err.getResponse() as HealthCheckResult);
      if (down.summary !== this.lastDown) this.logger.warn(`/health 未就绪 · not ready: ${down.summary}`);
      this.lastDown = down.summary;
      throw down;
    }
  }

  private checkAll(): Promise<HealthCheckResult> {
    return this.health.check([
      async () => {
        const session = this.indicators.check('eventStore');
        try {
          return (await this.store.ping()) ? session.up() : session.down({ message: 'store did not answer' });
        } catch (err) {
          return session.down({ message: err instanceof Error ? err.message : String(err) });
        }
      },
      ...this.registry.all(),
    ]);
  }
}
