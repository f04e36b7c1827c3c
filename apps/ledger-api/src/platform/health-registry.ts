import { Injectable } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';

export type HealthCheck = () => Promise<HealthIndicatorResult>;

/**
 * Where feature modules add their readiness checks to `GET /health` (e.g. the read side's
 * "projections caught up"): inject it and call `register('projections', async () => …)`.
 * A check returns terminus' `HealthIndicatorResult` (use `HealthIndicatorService`) and may throw
 * or return status 'down' to make /health answer 503.
 */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();
  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }
  all(): HealthCheck[] {
    return [...this.checks.values()];
  }
}
