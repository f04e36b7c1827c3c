import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';

/** 201 + `ETag: "<revision>"` (+ `Location` for a new subject) for a write; 200 for a dry run; `Idempotent-Replayed: true` for a retry. */
@Injectable()
export class CommandResponseInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((result: Record<string, unknown>) => {
        if (result?.dryRun === true) {
          void reply.status(200);
          return result;
        }
        if (typeof result?.revision === 'string') void reply.header('ETag', `"${result.revision}"`);
        const created =
          typeof result?.id === 'string' && typeof result.streamId === 'string'
            ? /^(school|group|cooperation)-/.exec(result.streamId)
            : null;
        if (created)
          void reply.header('Location', `/api/v1/${created[1]}s/${encodeURIComponent(result.id as string)}`);
        if (result?.replayed) {
          void reply.header('Idempotent-Replayed', 'true');
          const { replayed: _replayed, ...rest } = result;
          return rest;
        }
        return result;
      }),
    );
  }
}
