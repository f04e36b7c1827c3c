import { HttpException } from '@nestjs/common';
import type { HealthCheckResult } from '@nestjs/terminus';

/**
 * `/health`'s 503: terminus' own result, with every indicator's details (a catching-up read side's
 * position, head, restoring, …), as the 200 has them and as the OpenAPI of `@HealthCheck()`
 * documents it. The problem filter sends it as it is and does not log it: not being ready is a
 * state, not a fault; the health controller logs when it changes (ADR 0147).
 */
export class HealthDown extends HttpException {
  constructor(readonly result: HealthCheckResult) {
    super(result, 503);
  }

  /**
   * The indicators that are down, each with its message if it gave one (`projections (…)`); with
   * none down, terminus' status (`shutting_down` during a graceful shutdown).
   */
  get summary(): string {
    const down = Object.entries(this.result.error ?? {}).map(([name, v]) =>
      typeof v?.message === 'string' ? `${name} (${v.message})` : name,
    );
    return down.length > 0 ? down.join(', ') : this.result.status;
  }
}
