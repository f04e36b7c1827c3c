import {
  ForbiddenException,
  type ArgumentMetadata,
  type CanActivate,
  type ExceptionFilter,
  type PipeTransform,
} from '@nestjs/common';
import {
  CUSTOM_ROUTE_ARGS_METADATA,
  EXCEPTION_FILTERS_METADATA,
  FILTER_CATCH_EXCEPTIONS,
  GUARDS_METADATA,
  HEADERS_METADATA,
  HTTP_CODE_METADATA,
  INTERCEPTORS_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  PIPES_METADATA,
  REDIRECT_METADATA,
  RENDER_METADATA,
  ROUTE_ARGS_METADATA,
  SSE_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { ApplicationConfig } from '@nestjs/core';
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
 * Marks a hot GET or POST route to be run by the lean handler (ADR 0123) instead of Nest's
 * router. The route stays a Nest route (same path, same OpenAPI entry, same module wiring); only
 * the per-request orchestration changes. Allowed only on a handler whose arguments are whole
 * `@Param()`, `@Query()`, `@Body()` DTOs or custom parameter decorators, without route- or
 * class-level guards, pipes, interceptors, filters, `@HttpCode`, `@Header`, `@Redirect`,
 * `@Render` or `@Sse` (checked when the route registers).
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

/**
 * `@LeanRoute()` on every route of a controller (its methods with a path and an HTTP method);
 * a class decorator runs after the method decorators, so it sees them all.
 */
export function LeanRoutes(): ClassDecorator {
  return (target) => {
    const proto = (target as unknown as { prototype: Record<string, unknown> }).prototype;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      const fn = descriptor?.value as unknown;
      if (name === 'constructor' || typeof fn !== 'function') continue;
      if (Reflect.getMetadata(PATH_METADATA, fn) === undefined || Reflect.getMetadata(METHOD_METADATA, fn) === undefined)
        continue;
      LeanRoute()(proto, name, descriptor!);
    }
  };
}

/** What a lean route runs, resolved from the application. */
export interface LeanRouteDeps {
  /** The controller instance of a marked route. */
  controller(type: LeanRouteMark['controller']): object;
  /** Nest's application config: the global guards, pipes and filters Nest's router applies. */
  readonly config: ApplicationConfig;
}

/**
 * The global enhancers Nest's router applies to every route, from its own application config.
 * The lean handler supports what this API uses: global guards and pipes, one global exception
 * filter catching everything, no global interceptors and nothing request-scoped; anything else
 * fails the start rather than being skipped.
 */
export function globalEnhancers(config: ApplicationConfig): {
  guards: CanActivate[];
  pipes: PipeTransform[];
  filter: ExceptionFilter;
} {
  const filters = config.getGlobalFilters();
  const catchesAll = (f: ExceptionFilter) =>
    ((Reflect.getMetadata(FILTER_CATCH_EXCEPTIONS, f.constructor) ?? []) as unknown[]).length === 0;
  if (
    config.getGlobalInterceptors().length > 0 ||
    config.getGlobalRequestInterceptors().length > 0 ||
    config.getGlobalRequestGuards().length > 0 ||
    config.getGlobalRequestPipes().length > 0 ||
    config.getGlobalRequestFilters().length > 0 ||
    filters.length !== 1 ||
    !catchesAll(filters[0])
  )
    throw new Error('@LeanRoute: only global guards, global pipes and one catch-all global filter are supported');
  return { guards: config.getGlobalGuards(), pipes: config.getGlobalPipes(), filter: filters[0] };
}

interface ArgSpec {
  readonly index: number;
  /** The argument's value before the pipe, as Nest's params factory or custom decorator gives it. */
  readonly extract: (request: FastifyRequest, context: () => ExecutionContextHost) => unknown;
  readonly metadata: ArgumentMetadata;
}

const FORBIDDEN_MESSAGE = 'Forbidden resource';

type CustomFactory = (data: unknown, context: ExecutionContextHost) => unknown;

/**
 * The argument list of a lean route's handler, in the order Nest resolves it: whole `@Param()`,
 * `@Query()` and `@Body()` DTOs and custom parameter decorators (`createParamDecorator`), each
 * through the global pipe only.
 */
function argSpecsOf(mark: LeanRouteMark, handler: (...args: unknown[]) => unknown): ArgSpec[] {
  const where = `@LeanRoute ${mark.controller.name}.${mark.method}`;
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, mark.controller, mark.method) ?? {}) as Record<
    string,
    { index: number; data?: unknown; pipes?: unknown[]; factory?: CustomFactory }
  >;
  const types = (Reflect.getMetadata('design:paramtypes', mark.controller.prototype, mark.method) ?? []) as Array<
    ArgumentMetadata['metatype']
  >;
  const specs: ArgSpec[] = [];
  for (const [key, arg] of Object.entries(args)) {
    if ((arg.pipes?.length ?? 0) > 0) throw new Error(`${where}: parameter pipes are not supported`);
    const metatype = types[arg.index];
    if (key.includes(CUSTOM_ROUTE_ARGS_METADATA)) {
      const factory = arg.factory;
      if (typeof factory !== 'function') throw new Error(`${where}: custom parameter without a factory`);
      const data = arg.data;
      specs.push({
        index: arg.index,
        extract: (_request, context) => factory(data, context()),
        metadata: { type: 'custom', metatype, data: data as string | undefined },
      });
      continue;
    }
    const kind = Number(key.split(':')[0]);
    const from =
      kind === RouteParamtypes.PARAM
        ? 'params'
        : kind === RouteParamtypes.QUERY
          ? 'query'
          : kind === RouteParamtypes.BODY
            ? 'body'
            : undefined;
    if (!from || arg.data !== undefined)
      throw new Error(`${where}: only whole @Param(), @Query() and @Body() DTOs and custom decorators are supported`);
    specs.push({
      index: arg.index,
      extract: (request) => request[from],
      metadata: { type: from === 'params' ? 'param' : from, metatype, data: undefined },
    });
  }
  if (specs.length !== handler.length) throw new Error(`${where}: every argument must be decorated`);
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
      throw new Error(`${where}: route-level ${what} are not supported`);
  }
  return specs;
}

/**
 * The lean handler of one route: exactly the steps of Nest's router for such a route, in its
 * order, on the same objects, without its generic per-request machinery (execution-context
 * factories, the guards/pipes/interceptors consumers, rxjs, the response controller):
 * 1. the global guards (from Nest's application config), in order, on an ExecutionContext of this controller and handler (a guard
 *    answering false is Nest's 403 `Forbidden resource`);
 * 2. the status of the method (201 for POST, else 200);
 * 3. each argument (`request.params`, `.query`, `.body`, or a custom decorator's factory on its
 *    own ExecutionContext) through the global pipes, all arguments at once (Nest's `Promise.all`, same order);
 * 4. the controller's own method, then `reply.send` of its answer;
 * anything thrown goes to the global exception filter, with the host Nest's router gives it.
 * An empty path parameter keeps Nest's adapter's answer (404), by handing over to it.
 */
function leanHandler(
  mark: LeanRouteMark,
  deps: LeanRouteDeps,
  nestHandler: RouteOptions['handler'],
  status: number,
): RouteOptions['handler'] {
  const controller = deps.controller(mark.controller);
  const handler = (mark.controller.prototype as Record<string, (...args: unknown[]) => unknown>)[mark.method];
  if (typeof handler !== 'function') throw new Error(`@LeanRoute ${mark.controller.name}.${mark.method}: no such method`);
  const specs = argSpecsOf(mark, handler);
  const { guards, pipes, filter } = globalEnhancers(deps.config);
  // Nest's pipes consumer: the pipes in order, each on the previous one's answer.
  const transform = async (value: unknown, metadata: ArgumentMetadata) => {
    let out = value;
    for (const pipe of pipes) out = await pipe.transform(out, metadata);
    return out;
  };
  const lean = async function lean(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
    const params = request.params as Record<string, string>;
    for (const name in params) if (params[name] === '' && name !== '*') return nestHandler.call(this, request, reply);
    const args: [FastifyRequest, FastifyReply, undefined] = [request, reply, undefined];
    const context = () => new ExecutionContextHost(args, mark.controller, handler);
    try {
      const guardContext = context();
      for (const guard of guards) {
        if (!(await guard.canActivate(guardContext))) throw new ForbiddenException(FORBIDDEN_MESSAGE);
      }
      void reply.code(status);
      const values: unknown[] = new Array<unknown>(handler.length).fill(undefined);
      await Promise.all(
        specs.map(async (spec) => {
          const value = spec.extract(request, context);
          values[spec.index] = await transform(value, spec.metadata);
        }),
      );
      const result = await handler.apply(controller, values);
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
 * from each, which runs the same handler) and POST routes.
 */
export function installLeanRoutes(fastify: FastifyInstance, deps: () => LeanRouteDeps): void {
  const installed: string[] = [];
  INSTALLED.set(fastify, installed);
  fastify.addHook('onRoute', (route) => {
    const mark = (route.config as Record<string, unknown> | undefined)?.[LEAN_ROUTE] as LeanRouteMark | undefined;
    if (!mark || (route.handler as { [LEAN]?: true })[LEAN]) return;
    const methods = ([] as string[]).concat(route.method);
    const post = methods.length === 1 && methods[0] === 'POST';
    if (!post && !methods.every((m) => m === 'GET' || m === 'HEAD'))
      throw new Error(`@LeanRoute ${mark.controller.name}.${mark.method}: only GET and POST routes`);
    // Nest's status by method (no @HttpCode on a lean route): 201 for POST, else 200.
    route.handler = leanHandler(mark, deps(), route.handler, post ? 201 : 200);
    installed.push(`${methods.join()} ${route.url}`);
  });
}

const INSTALLED = new WeakMap<FastifyInstance, readonly string[]>();

/** The routes that got the lean handler (`METHOD /url`), for specs and diagnostics. */
export function leanRoutesOf(fastify: FastifyInstance): readonly string[] {
  return INSTALLED.get(fastify) ?? [];
}
