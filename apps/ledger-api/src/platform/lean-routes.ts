import {
  ForbiddenException,
  type ArgumentMetadata,
  type CanActivate,
  type ExceptionFilter,
  type PipeTransform,
} from '@nestjs/common';
import {
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  HEADERS_METADATA,
  HTTP_CODE_METADATA,
  INTERCEPTORS_METADATA,
  PIPES_METADATA,
  REDIRECT_METADATA,
  RENDER_METADATA,
  ROUTE_ARGS_METADATA,
  SSE_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';

/** The Fastify route config key that marks a lean route (set by `@LeanRoute()`). */
export const LEAN_ROUTE = 'ledgerLeanRoute';

interface LeanRouteMark {
  readonly controller: new (...args: never[]) => object;
  readonly method: string;
}

/**
 * Marks a hot GET route to be run by the lean handler (ADR 0123) instead of Nest's router. The
 * route stays a Nest route (same path, same OpenAPI entry, same module wiring); only the
 * per-request orchestration changes. Allowed only on a handler whose arguments are `@Param()`
 * and `@Query()` DTOs, without route- or class-level guards, pipes, interceptors, filters,
 * `@HttpCode`, `@Header`, `@Redirect`, `@Render` or `@Sse` (checked when the route registers).
 */
export function LeanRoute(): MethodDecorator {
  return (target, key, descriptor) => {
    const mark: LeanRouteMark = {
      controller: (target as { constructor: LeanRouteMark['controller'] }).constructor,
      method: String(key),
    };
    RouteConfig({ [LEAN_ROUTE]: mark })(target, key, descriptor);
  };
}

/** What a lean route runs, resolved from the application: the same objects Nest's router uses. */
export interface LeanRouteDeps {
  /** The controller instance of a marked route. */
  controller(type: LeanRouteMark['controller']): object;
  /** The global guards, in the order Nest runs them (APP_GUARD order). */
  readonly guards: readonly CanActivate[];
  /** The global pipe (`useGlobalPipes`). */
  readonly pipe: PipeTransform;
  /** The global exception filter (APP_FILTER, catches everything). */
  readonly filter: ExceptionFilter;
}

interface ArgSpec {
  readonly index: number;
  readonly from: 'params' | 'query';
  readonly metadata: ArgumentMetadata;
}

const FORBIDDEN_MESSAGE = 'Forbidden resource';

/** The argument list of a lean route's handler (only `@Param()` / `@Query()` whole-object DTOs). */
function argSpecsOf(mark: LeanRouteMark, handler: (...args: unknown[]) => unknown): ArgSpec[] {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, mark.controller, mark.method) ?? {}) as Record<
    string,
    { index: number; data?: unknown; pipes?: unknown[] }
  >;
  const types = (Reflect.getMetadata('design:paramtypes', mark.controller.prototype, mark.method) ?? []) as Array<
    ArgumentMetadata['metatype']
  >;
  const specs: ArgSpec[] = [];
  for (const [key, arg] of Object.entries(args)) {
    const kind = Number(key.split(':')[0]);
    const from = kind === RouteParamtypes.PARAM ? 'params' : kind === RouteParamtypes.QUERY ? 'query' : undefined;
    if (!from || arg.data !== undefined || (arg.pipes?.length ?? 0) > 0)
      throw new Error(`@LeanRoute ${mark.controller.name}.${mark.method}: only whole @Param() and @Query() DTOs are supported`);
    specs.push({
      index: arg.index,
      from,
      metadata: { type: from === 'params' ? 'param' : 'query', metatype: types[arg.index], data: undefined },
    });
  }
  if (specs.length !== handler.length)
    throw new Error(`@LeanRoute ${mark.controller.name}.${mark.method}: every argument must be a @Param() or @Query() DTO`);
  for (const [what, key, on] of [
    ['guards', GUARDS_METADATA, 'both'],
    ['pipes', PIPES_METADATA, 'both'],
    ['interceptors', INTERCEPTORS_METADATA, 'both'],
    ['filters', EXCEPTION_FILTERS_METADATA, 'both'],
    ['@HttpCode', HTTP_CODE_METADATA, 'handler'],
    ['@Header', HEADERS_METADATA, 'handler'],
    ['@Redirect', REDIRECT_METADATA, 'handler'],
    ['@Render', RENDER_METADATA, 'handler'],
    ['@Sse', SSE_METADATA, 'handler'],
  ] as const) {
    const found = [Reflect.getMetadata(key, handler), on === 'both' ? Reflect.getMetadata(key, mark.controller) : undefined];
    if (found.some((v) => v !== undefined && !(Array.isArray(v) && v.length === 0)))
      throw new Error(`@LeanRoute ${mark.controller.name}.${mark.method}: route-level ${what} are not supported`);
  }
  return specs;
}

/**
 * The lean handler of one route: exactly the steps of Nest's router for such a route, in its
 * order, on the same objects, without its generic per-request machinery (execution-context
 * factories, the guards/pipes/interceptors consumers, rxjs, the response controller):
 * 1. the global guards, in order, on an ExecutionContext of this controller and handler (a guard
 *    answering false is Nest's 403 `Forbidden resource`);
 * 2. the status of the method (200 for GET);
 * 3. the global pipe on each argument (`request.params`, `request.query`), all at once;
 * 4. the controller's own method, then `reply.send` of its answer;
 * anything thrown goes to the global exception filter, with the host Nest's router gives it.
 * An empty path parameter keeps Nest's adapter's answer (404), by handing over to it.
 */
function leanHandler(
  mark: LeanRouteMark,
  deps: LeanRouteDeps,
  nestHandler: RouteOptions['handler'],
): RouteOptions['handler'] {
  const controller = deps.controller(mark.controller);
  const handler = (mark.controller.prototype as Record<string, (...args: unknown[]) => unknown>)[mark.method];
  if (typeof handler !== 'function') throw new Error(`@LeanRoute ${mark.controller.name}.${mark.method}: no such method`);
  const specs = argSpecsOf(mark, handler);
  const { guards, pipe, filter } = deps;
  const lean = async function lean(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
    const params = request.params as Record<string, string>;
    for (const name in params) if (params[name] === '' && name !== '*') return nestHandler.call(this, request, reply);
    const args: [FastifyRequest, FastifyReply, undefined] = [request, reply, undefined];
    try {
      const context = new ExecutionContextHost(args, mark.controller, handler);
      for (const guard of guards) {
        if (!(await guard.canActivate(context))) throw new ForbiddenException(FORBIDDEN_MESSAGE);
      }
      void reply.code(200);
      const values = await Promise.all(
        specs.map((spec) => pipe.transform(spec.from === 'params' ? request.params : request.query, spec.metadata)),
      );
      const ordered: unknown[] = [];
      specs.forEach((spec, i) => (ordered[spec.index] = values[i]));
      const result = await handler.apply(controller, ordered);
      // Nest also awaits the reply (Fastify's reply is a thenable that settles when the answer
      // is written); nothing follows here, so the lean handler does not wait for it.
      void reply.send(result);
      return undefined;
    } catch (err) {
      filter.catch(err, new ExecutionContextHost(args));
      return reply;
    }
  };
  return Object.assign(lean, { [LEAN]: true });
}

const LEAN = Symbol('ledger.leanHandler');

/**
 * Installs the lean handler on every route marked `@LeanRoute()` as Nest registers it (Fastify's
 * onRoute hook: add before `app.init()`). Only GET routes (and the HEAD route Fastify derives
 * from each, which runs the same handler).
 */
export function installLeanRoutes(fastify: FastifyInstance, deps: () => LeanRouteDeps): void {
  const installed: string[] = [];
  INSTALLED.set(fastify, installed);
  fastify.addHook('onRoute', (route) => {
    const mark = (route.config as Record<string, unknown> | undefined)?.[LEAN_ROUTE] as LeanRouteMark | undefined;
    if (!mark || (route.handler as { [LEAN]?: true })[LEAN]) return;
    const methods = ([] as string[]).concat(route.method);
    if (!methods.every((m) => m === 'GET' || m === 'HEAD'))
      throw new Error(`@LeanRoute ${mark.controller.name}.${mark.method}: only GET routes`);
    route.handler = leanHandler(mark, deps(), route.handler);
    installed.push(`${methods.join()} ${route.url}`);
  });
}

const INSTALLED = new WeakMap<FastifyInstance, readonly string[]>();

/** The routes that got the lean handler (`METHOD /url`), for specs and diagnostics. */
export function leanRoutesOf(fastify: FastifyInstance): readonly string[] {
  return INSTALLED.get(fastify) ?? [];
}
