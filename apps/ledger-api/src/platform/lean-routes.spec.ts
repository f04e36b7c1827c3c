import 'reflect-metadata';
import { Catch, Controller, Get, HttpException, Param, Query, Req, UseGuards, type ArgumentsHost, type CanActivate } from '@nestjs/common';
import { ApplicationConfig } from '@nestjs/core';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { ProblemFilter } from '../problem/problem.filter';
import { LeanRoute, globalEnhancers, installLeanRoutes } from './lean-routes';

class Dto {}
const allow: CanActivate = { canActivate: () => true };

@Controller('x')
class Fine {
  @LeanRoute()
  @Get(':id')
  one(@Param() _p: Dto, @Query() _q: Dto) {
    return {};
  }
}

@Controller('y')
class WithRequest {
  @LeanRoute()
  @Get(':id')
  one(@Param() _p: Dto, @Req() _req: unknown) {
    return {};
  }
}

@Controller('z')
class WithGuard {
  @LeanRoute()
  @UseGuards(allow)
  @Get(':id')
  one(@Param() _p: Dto) {
    return {};
  }
}

@Catch(HttpException)
class HttpOnly {
  catch(_e: unknown, _h: ArgumentsHost) {}
}

/** Registers one marked route through the onRoute hook, as Nest's adapter would. */
function register(controller: new () => object, config: ApplicationConfig, method = 'GET'): RouteOptions {
  let onRoute: ((route: RouteOptions) => void) | undefined;
  const fastify = { addHook: (_name: string, fn: typeof onRoute) => (onRoute = fn) } as unknown as FastifyInstance;
  installLeanRoutes(fastify, () => ({ controller: () => new controller(), config }));
  const handler = (controller.prototype as { one: () => unknown }).one;
  const route = {
    method,
    url: '/x/:id',
    handler: () => undefined,
    config: Reflect.getMetadata('__fastify_route_config__', handler) as object,
  } as unknown as RouteOptions;
  onRoute!(route);
  return route;
}

function configWith(setup: (c: ApplicationConfig) => void): ApplicationConfig {
  const config = new ApplicationConfig();
  config.addGlobalGuard(allow);
  config.addGlobalFilter(new ProblemFilter());
  setup(config);
  return config;
}

describe('lean routes refuse, at start, what they would not run as Nest does (ADR 0123)', () => {
  it('takes the global guards, pipes and the one catch-all filter from Nest’s config', () => {
    const config = configWith(() => undefined);
    expect(globalEnhancers(config)).toEqual({ guards: [allow], pipes: [], filter: expect.any(ProblemFilter) });
    const route = register(Fine, config);
    expect(route.handler.name).toBe('lean');
  });

  it('refuses global interceptors and a filter that does not catch everything', () => {
    expect(() => globalEnhancers(configWith((c) => c.addGlobalInterceptor({ intercept: (_c, n) => n.handle() })))).toThrow(
      /only global guards/,
    );
    const httpOnly = new ApplicationConfig();
    httpOnly.addGlobalFilter(new HttpOnly());
    expect(() => globalEnhancers(httpOnly)).toThrow(/catch-all/);
  });

  it('refuses handlers with other arguments, route-level guards, and methods other than GET/POST', () => {
    const config = configWith(() => undefined);
    expect(() => register(WithRequest, config)).toThrow(/only whole @Param/);
    expect(() => register(WithGuard, config)).toThrow(/route-level guards/);
    expect(() => register(Fine, config, 'PUT')).toThrow(/only GET and POST/);
  });
});
