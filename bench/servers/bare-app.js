'use strict';
/**
 * The framework's own ceiling: a bare NestJS 11 + Fastify app with the same global validation pipe
 * and the same request DTO as the ledger's `POST /api/v1/schools`, and no store, no auth, no logger.
 *   POST /api/v1/schools   validates the body, answers 201 with a constant command response
 *   GET  /api/v1/groups/:id answers a constant small document
 * The ledger's own pipe and DTO are used when the compiled API (dist/) has them; otherwise the
 * equivalent pipe options and a DTO written here from DESIGN.md's table are used (reported as such).
 */
require('reflect-metadata');
const path = require('node:path');
const fs = require('node:fs');
const { Module, Controller, Post, Get, Body, Param, HttpCode, ValidationPipe } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { FastifyAdapter } = require('@nestjs/platform-fastify');
const cv = require('class-validator');

const { ROOT, DIST } = require('../lib/dist');

const DIST_API = path.join(DIST, 'apps', 'ledger-api', 'src');

/** The ledger's own pipe factory, if compiled. */
function ledgerPipe() {
  const file = path.join(DIST_API, 'problem', 'validation.js');
  if (fs.existsSync(file)) {
    try {
      return {
        pipe: require(file).createValidationPipe(),
        source: `${path.relative(ROOT, file)} createValidationPipe`,
      };
    } catch {
      // fall through to the equivalent options
    }
  }
  return {
    pipe: new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      stopAtFirstError: false,
    }),
    source: 'bench/servers/bare-app.js (same options as the ledger pipe)',
  };
}

/** The ledger's own DTO class for POST /schools, found by name in the compiled commands. */
function ledgerSchoolDto() {
  const dir = path.join(DIST_API, 'commands');
  if (!fs.existsSync(dir)) return undefined;
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.dto\.js$/.test(e.name)) files.push(p);
    }
  };
  walk(dir);
  for (const f of files) {
    let mod;
    try {
      mod = require(f);
    } catch {
      continue;
    }
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value === 'function' && /^Register(ed)?School(Request)?(Dto|Body)$/i.test(name)) {
        return { dto: value, source: `${path.relative(ROOT, f)} ${name}` };
      }
    }
  }
  return undefined;
}

/** DESIGN.md's POST /schools body, with class-validator decorators applied by hand (plain JS). */
function fallbackSchoolDto() {
  class RegisterSchoolDto {}
  const p = RegisterSchoolDto.prototype;
  const apply = (prop, ...decorators) => decorators.forEach((d) => d(p, prop));
  apply('schoolId', cv.Matches(/^\d{10}$/));
  apply('name', cv.IsString(), cv.Length(1, 200));
  apply(
    'stages',
    cv.IsArray(),
    cv.ArrayNotEmpty(),
    cv.IsIn(['KINDERGARTEN', 'PRIMARY', 'JUNIOR', 'SENIOR'], { each: true }),
  );
  apply('ownership', cv.IsIn(['PUBLIC', 'PRIVATE']));
  apply('administration', cv.IsIn(['CITY_DIRECT', 'DISTRICT']));
  apply('districtCode', cv.Matches(/^\d{6}$/));
  apply('inChangsha', cv.IsBoolean());
  apply('sinoForeign', cv.IsBoolean());
  apply('occurredOn', cv.IsOptional(), cv.IsISO8601({ strict: true }));
  return { dto: RegisterSchoolDto, source: 'bench/servers/bare-app.js (DESIGN.md fields)' };
}

async function createBareApp() {
  const { pipe, source: pipeSource } = ledgerPipe();
  const { dto, source: dtoSource } = ledgerSchoolDto() || fallbackSchoolDto();

  class BareController {
    register(body) {
      return {
        id: body.schoolId,
        eventId: '00000000-0000-4000-8000-000000000000',
        streamId: `school-${body.schoolId}`,
        revision: '0',
        position: '1',
      };
    }
    group(id) {
      return {
        id,
        state: { status: 'ACTIVE', name: '长沙市示范教育集团', leadSchoolId: '4301020001' },
        findings: [],
        revision: '3',
        asOf: '2026-11-27',
        knownAt: '42',
      };
    }
  }
  const proto = BareController.prototype;
  Reflect.defineMetadata('design:paramtypes', [dto], proto, 'register');
  Reflect.defineMetadata('design:paramtypes', [String], proto, 'group');
  Body()(proto, 'register', 0);
  Param('id')(proto, 'group', 0);
  for (const [method, decorators] of [
    ['register', [Post('schools'), HttpCode(201)]],
    ['group', [Get('groups/:id')]],
  ]) {
    const desc = Object.getOwnPropertyDescriptor(proto, method);
    for (const d of decorators) d(proto, method, desc);
    Object.defineProperty(proto, method, desc);
  }
  Controller()(BareController);

  class BareModule {}
  Module({ controllers: [BareController] })(BareModule);

  const app = await NestFactory.create(BareModule, new FastifyAdapter({ logger: false }), { logger: false });
  app.setGlobalPrefix('api/v1');
  app.useGlobalPipes(pipe);
  await app.init();
  return { app, sources: { pipe: pipeSource, dto: dtoSource } };
}

module.exports = { createBareApp };

if (require.main === module) {
  createBareApp()
    .then(async ({ app, sources }) => {
      await app.listen(Number(process.env.PORT || 0), '127.0.0.1');
      const address = app.getHttpAdapter().getInstance().server.address();
      process.stdout.write(`LISTENING ${JSON.stringify({ port: address.port, sources })}\n`);
      // A clean exit on request, so that --cpu-prof can write its profile.
      process.on('message', (m) => {
        if (m === 'stop') app.close().finally(() => process.exit(0));
      });
    })
    .catch((err) => {
      process.stderr.write(`${err.stack || err}\n`);
      process.exit(1);
    });
}
