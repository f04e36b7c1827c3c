import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiHeader,
  ApiQuery,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Actor } from '@ledger/domain';
import type { AuthenticatedRequest } from '../auth/actor';
import { Problem, type ProblemFieldError } from '../problem/problem';
import { ProblemDto } from '../problem/problem.dto';
import type { CommandHttpContext } from './command.service';
import { DryRunResponseDto } from './dto/command-response.dto';
import { IDEMPOTENCY_KEY, parseIfMatch } from './idempotency';

interface RawRequest extends AuthenticatedRequest {
  id: string;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
}

/** The HTTP side of a command: actor, correlation id, Idempotency-Key, If-Match, ?dryRun (400 when malformed). */
export const CommandContext = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): CommandHttpContext => {
    const request = ctx.switchToHttp().getRequest<RawRequest>();
    const errors: ProblemFieldError[] = [];
    const header = (name: string) => {
      const v = request.headers[name];
      return Array.isArray(v) ? v.join(',') : v;
    };
    const key = header('idempotency-key');
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      errors.push({
        path: 'headers.idempotency-key',
        message: 'Idempotency-Key must be 1–200 visible ASCII characters',
        constraint: 'matches',
      });
    }
    const ifMatch = parseIfMatch(header('if-match'));
    if (ifMatch === null)
      errors.push({
        path: 'headers.if-match',
        message: 'If-Match must be a stream revision, e.g. 3 or "3"',
        constraint: 'matches',
      });
    const dryRun = request.query?.dryRun;
    if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false') {
      errors.push({ path: 'query.dryRun', message: 'dryRun must be true or false', constraint: 'isIn' });
    }
    if (errors.length)
      throw Problem.badRequest(`请求头或参数无效 · invalid ${errors.map((e) => e.path).join(', ')}`, errors);
    return {
      actor: request.actor as Actor,
      correlationId: request.correlationId ?? request.id,
      ...(key !== undefined ? { idempotencyKey: key } : {}),
      ...(ifMatch !== undefined && ifMatch !== null ? { ifMatch } : {}),
      dryRun: dryRun === 'true',
    };
  },
);

const problem = (status: number, description: string) =>
  ApiResponse({
    status,
    description,
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
  });

/** OpenAPI for every command route: auth, the three headers, ?dryRun and the problem answers. */
export function ApiCommand() {
  return applyDecorators(
    ApiBearerAuth(),
    ApiExtraModels(ProblemDto),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'same key + same body → the first answer, nothing written; same key + another body → 422',
    }),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'the stream revision you read; 412 when the stream moved on',
    }),
    ApiHeader({
      name: 'X-Correlation-Id',
      required: false,
      description: 'recorded in the event metadata; generated when absent',
    }),
    ApiQuery({
      name: 'dryRun',
      required: false,
      enum: ['true', 'false'],
      description: 'true: 200 with the findings the event would raise; nothing is written',
    }),
    ApiResponse({
      status: 200,
      description: '?dryRun=true: the events and the findings they would open or close; nothing written',
      type: DryRunResponseDto,
    }),
    problem(400, 'invalid input (errors[] names each bad field)'),
    problem(401, 'no or bad bearer token'),
    problem(403, 'role or district not allowed'),
    problem(404, 'unknown subject'),
    problem(409, 'concurrent write or a transition the aggregate forbids'),
    problem(412, 'If-Match does not match the stream revision'),
    problem(413, 'body too large'),
    problem(415, 'body is not JSON'),
    problem(422, 'a domain rule refused, or Idempotency-Key reused with another body'),
  );
}
