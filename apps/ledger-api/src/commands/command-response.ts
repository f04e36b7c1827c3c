import type { FastifyInstance, FastifyReply } from 'fastify';

/** The answers of CommandService.execute, recognised when they are serialised. */
const COMMAND_ANSWERS = new WeakSet<object>();

/** Marks a command's answer (CommandService.execute does, for every route). */
export function markCommandAnswer<T extends object>(answer: T): T {
  COMMAND_ANSWERS.add(answer);
  return answer;
}

/**
 * 201 + `ETag: "<revision>"` (+ `Location` for a new subject) for a write; 200 for a dry run;
 * `Idempotent-Replayed: true` (and no `replayed` field) for a retry.
 */
export function shapeCommandAnswer(reply: FastifyReply, result: Record<string, unknown>): unknown {
  if (result.dryRun === true) {
    void reply.status(200);
    return result;
  }
  if (typeof result.revision === 'string') void reply.header('ETag', `"${result.revision}"`);
  const created =
    typeof result.id === 'string' && typeof result.streamId === 'string'
      ? /^(school|group|cooperation)-/.exec(result.streamId)
      : null;
  if (created)
    void reply.header('Location', `/api/v1/${created[1]}s/${encodeURIComponent(result.id as string)}`);
  if (result.replayed) {
    void reply.header('Idempotent-Replayed', 'true');
    const { replayed: _replayed, ...rest } = result;
    return rest;
  }
  return result;
}

/**
 * Shapes command answers as they are serialised (a Fastify `preSerialization` hook). It was a Nest
 * interceptor on the command controllers; any interceptor puts every request of its routes through
 * an rxjs pipeline and AsyncResource bindings, which cost more than the headers it sets (ADR 0119).
 */
export function installCommandResponses(fastify: FastifyInstance): void {
  fastify.addHook('preSerialization', (_request, reply, payload, done) => {
    if (typeof payload === 'object' && payload !== null && COMMAND_ANSWERS.has(payload)) {
      done(null, shapeCommandAnswer(reply, payload as Record<string, unknown>));
      return;
    }
    done(null, payload);
  });
}
