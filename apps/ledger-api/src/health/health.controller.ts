import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { Public } from '../auth/roles.decorator';
import { HealthRegistry } from '../platform/health-registry';

@ApiTags('health')
@Controller('health')
export class HealthController {
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
  check() {
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
