import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '@ledger/domain';
import type { AuthenticatedRequest } from './actor';

/** The authenticated actor `{ id, role, jurisdiction? }` (set by the global auth guard). */
export const CurrentActor = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Actor | undefined => {
    return ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  },
);

/** The request's correlation id (`X-Correlation-Id` or generated). */
export const CorrelationId = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => {
  return (
    ctx.switchToHttp().getRequest<AuthenticatedRequest & { id: string }>().correlationId ??
    String(ctx.switchToHttp().getRequest<{ id: string }>().id)
  );
});
