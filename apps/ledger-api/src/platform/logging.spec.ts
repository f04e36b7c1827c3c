import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import fc from 'fast-check';
import pino from 'pino';
import { createRootLogger, installRequestLogging, lineDestination, PinoNestLogger, redactUrl } from './logging';

/** A root logger writing into an array of parsed lines. */
function capture(level: 'info' | 'trace' | 'silent' = 'info') {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString('utf8').split('\n'))
        if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  return { lines, logger: createRootLogger({ logLevel: level }, sink) };
}

async function appWith(logger: ReturnType<typeof createRootLogger>) {
  const app = Fastify();
  app.addHook('onRequest', async (req) => {
    (req.raw as { correlationId?: string }).correlationId = String(req.headers['x-correlation-id'] ?? 'none');
  });
  installRequestLogging(app, logger);
  app.get('/api/v1/x', async (_req, reply) => {
    void reply.header('etag', '"3"').header('x-frame-options', 'SAMEORIGIN');
    return { ok: true };
  });
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/boom', async (_req, reply) => reply.code(503).send({ no: true }));
  await app.ready();
  return app;
}

const SECRET = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

describe('request logging', () => {
  it('writes one line per request with its correlation id, credentials redacted, no /health', async () => {
    const { lines, logger } = capture();
    const app = await appWith(logger);
    await app.inject({
      method: 'GET',
      url: `/api/v1/x?asOf=2025-01-01&access_token=${SECRET}&token=${SECRET}`,
      headers: {
        authorization: `Bearer ${SECRET}`,
        cookie: `s=${SECRET}`,
        'x-api-key': SECRET,
        'user-agent': 'ua',
        'x-correlation-id': 'corr-1',
      },
    });
    await app.inject({ method: 'GET', url: '/health' });
    await app.inject({ method: 'GET', url: '/boom' });
    logger.flush();
    await new Promise((r) => setImmediate(r));
    expect(JSON.stringify(lines)).not.toContain(SECRET);
    const requests = lines.filter((l) => typeof l.msg === 'string' && /^request /.test(l.msg));
    expect(requests).toHaveLength(2);
    const [line, failed] = requests;
    expect(line).toMatchObject({
      level: 30,
      msg: 'request completed',
      correlationId: 'corr-1',
      req: {
        id: 'corr-1',
        method: 'GET',
        url: '/api/v1/x?asOf=2025-01-01&access_token=[redacted]&token=[redacted]',
        query: { asOf: '2025-01-01', access_token: '[redacted]', token: '[redacted]' },
        headers: {
          authorization: '[redacted]',
          cookie: '[redacted]',
          'x-api-key': '[redacted]',
          'user-agent': 'ua',
          'x-correlation-id': 'corr-1',
        },
      },
      res: { statusCode: 200, headers: { etag: '"3"' } },
    });
    expect(typeof line.responseTime).toBe('number');
    expect((line.res as { headers: object }).headers).not.toHaveProperty('x-frame-options');
    expect(failed).toMatchObject({ msg: 'request errored', res: { statusCode: 503 } });
    await app.close();
  });

  it('still redacts credentials in any other line (the root logger keeps its paths)', () => {
    const { lines, logger } = capture();
    logger.info(
      { req: { headers: { authorization: SECRET } }, config: { jwtSecret: SECRET, token: SECRET } },
      'x',
    );
    logger.flush();
    expect(JSON.stringify(lines)).not.toContain(SECRET);
  });

  it('writes nothing per request below info', async () => {
    const { lines, logger } = capture('silent');
    const app = await appWith(logger);
    await app.inject({ method: 'GET', url: '/api/v1/x' });
    expect(lines).toEqual([]);
    await app.close();
  });

  it("maps Nest's logger calls to pino lines with their context", () => {
    const { lines, logger } = capture('trace');
    const nest = new PinoNestLogger(logger);
    nest.log('ready', 'ReadSide');
    nest.error('failed', 'Error: x\n    at y', 'ProblemFilter');
    nest.warn(new Error('careful'), 'Ctx');
    nest.verbose({ n: 1 }, 'Ctx');
    logger.flush();
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, context: 'ReadSide', msg: 'ready' }),
      expect.objectContaining({
        level: 50,
        context: 'ProblemFilter',
        stack: 'Error: x\n    at y',
        msg: 'failed',
      }),
      expect.objectContaining({
        level: 40,
        context: 'Ctx',
        msg: 'careful',
        err: expect.objectContaining({ message: 'careful' }),
      }),
      expect.objectContaining({ level: 10, context: 'Ctx', n: 1 }),
    ]);
  });
});

describe('redactUrl', () => {
  it('redacts credential parameters, and skips URLs without any value the same as the expression would', () => {
    expect(redactUrl('/api/v1/stream?access_token=abc&x=1')).toBe('/api/v1/stream?access_token=[redacted]&x=1');
    const reference = (url: string) => url.replace(/([?&](?:access_token|token|jwt|secret)=)[^&#]*/gi, '$1[redacted]');
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('/a', '?', '&', '=', 'token', 'TOKEN', 'access_token', 'jwt', 'secret', 'x', '#', '%20')),
        (parts) => {
          const url = parts.join('');
          expect(redactUrl(url)).toBe(reference(url));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('lineDestination (ADR 0126)', () => {
  /** Each test's own directory for the files its destinations write. */
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-log-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Ends the destination (sonic-boom writes what is queued, then closes its file). */
  const settle = (stream: pino.DestinationStream) =>
    new Promise<void>((resolve, reject) => {
      const boom = stream as unknown as NodeJS.EventEmitter & { end: () => void };
      boom.once('close', () => resolve());
      boom.once('error', reject);
      boom.end();
    });

  it('writes exactly the bytes of the lines, in order, across writes queued while one is in flight', async () => {
    const lines = fc.sample(fc.string({ unit: 'binary', maxLength: 300 }), 2000).map((t) => `${JSON.stringify({ t })}\n`);
    const dest = lineDestination(fs.openSync(path.join(dir, 'out'), 'w'));
    for (const line of lines) dest.write(line);
    await settle(dest);
    expect(fs.readFileSync(path.join(dir, 'out'))).toEqual(Buffer.from(lines.join(''), 'utf8'));
  });

  it('takes every line queued while a write is in flight into the next write (ADR 0139)', async () => {
    // 400 lines of ~700 bytes in one turn (a loaded turn's request lines): the first starts a
    // write, the other ~280 KB wait for it. With sonic-boom's default 16 KiB a write they took 18.
    const lines = Array.from({ length: 400 }, (_, i) => `${JSON.stringify({ i, pad: '行'.repeat(225) })}\n`);
    const dest = lineDestination(fs.openSync(path.join(dir, 'out'), 'w'));
    const writes: number[] = [];
    (dest as unknown as NodeJS.EventEmitter).on('write', (n: number) => writes.push(n));
    for (const line of lines) dest.write(line);
    await settle(dest);
    const bytes = Buffer.byteLength(lines.join(''), 'utf8');
    expect(bytes).toBeGreaterThan(16 * 1024 * 10);
    expect(writes).toEqual([Buffer.byteLength(lines[0], 'utf8'), bytes - Buffer.byteLength(lines[0], 'utf8')]);
    expect(fs.readFileSync(path.join(dir, 'out'))).toEqual(Buffer.from(lines.join(''), 'utf8'));
  });

  it('drops the lines past its bound, whole and in order, and the root logger reports how many (ADR 0139)', async () => {
    const dest = lineDestination(fs.openSync(path.join(dir, 'out'), 'w'), { maxBufferedBytes: 4096 });
    const logger = createRootLogger({ logLevel: 'info' }, dest, { dropReportMs: 50 });
    const dropped: Buffer[] = [];
    (dest as unknown as NodeJS.EventEmitter).on('drop', (line: Buffer) => dropped.push(line));
    // One turn: the first line is in flight and counts against the bound until it is written.
    for (let i = 0; i < 40; i++) logger.info({ i, pad: 'x'.repeat(400) }, `line ${i}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await settle(dest);
    const written = fs
      .readFileSync(path.join(dir, 'out'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const kept = written.filter((l) => l.msg !== undefined && String(l.msg).startsWith('line '));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length + dropped.length).toBe(40);
    // The lines kept are the first ones, unbroken; every dropped one is a whole line.
    expect(kept.map((l) => l.i)).toEqual(Array.from({ length: kept.length }, (_, i) => i));
    for (const line of dropped) expect(JSON.parse(line.toString('utf8'))).toHaveProperty('msg');
    const warnings = written.filter((l) => l.droppedLines !== undefined);
    expect(warnings).toEqual([
      expect.objectContaining({ level: 40, droppedLines: dropped.length, msg: expect.stringContaining(`${dropped.length} log lines dropped`) }),
    ]);
  });

  it('gives the same log lines as pino on its default destination', async () => {
    const write = async (dest: pino.DestinationStream) => {
      const logger = createRootLogger({ logLevel: 'info' }, dest);
      for (let i = 0; i < 300; i++) logger.info({ i, name: '长沙市第一中学', token: 'secret' }, `line ${i} · 第${i}行`);
      await settle(dest);
    };
    const a = fs.openSync(path.join(dir, 'a'), 'w');
    const b = fs.openSync(path.join(dir, 'b'), 'w');
    await write(lineDestination(a));
    await write(pino.destination({ dest: b, sync: false }));
    const strip = (file: string) =>
      fs
        .readFileSync(path.join(dir, file), 'utf8')
        .split('\n')
        .map((l) => l.replace(/"time":\d+/, '"time":0'));
    expect(strip('a')).toEqual(strip('b'));
    expect(strip('a')).toHaveLength(301);
  });
});
