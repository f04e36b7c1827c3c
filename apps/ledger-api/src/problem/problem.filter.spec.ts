import {
  BadRequestException,
  HttpException,
  Logger,
  NotFoundException,
  type ArgumentsHost,
} from '@nestjs/common';
import { DomainError } from '@ledger/domain';
import { Problem } from './problem';
import { ProblemFilter, toProblem } from './problem.filter';

describe('toProblem', () => {
  it.each([
    ['COOPERATION_ALREADY_ADMITTED', 409, 'COOPERATION.ALREADY_ADMITTED'],
    ['SCHOOL_NOT_REGISTERED', 404, 'SCHOOL.NOT_REGISTERED'],
    ['COOPERATION_TERM_END_BEFORE_START', 422, 'COOPERATION.TERM_END_BEFORE_START'],
  ] as const)('maps the domain error %s to %i with its code', (key, status, code) => {
    const doc = toProblem(DomainError.of(key, '说明 · explanation'), '/api/v1/x');
    expect(doc).toMatchObject({ status, code, detail: '说明 · explanation', instance: '/api/v1/x' });
    expect(doc.type).toMatch(/^\/problems\//);
  });

  it('keeps our own problems as they are', () => {
    expect(toProblem(Problem.preconditionFailed('stale'))).toMatchObject({
      status: 412,
      code: 'REQUEST.REVISION_MISMATCH',
      detail: 'stale',
    });
  });

  it('gives Fastify errors Nest rethrows a stable code', () => {
    expect(
      toProblem(
        new BadRequestException("Body is not valid JSON but content-type is set to 'application/json'"),
      ),
    ).toMatchObject({ status: 400, code: 'REQUEST.MALFORMED_JSON' });
    expect(toProblem(new HttpException('Request body is too large', 413))).toMatchObject({
      status: 413,
      code: 'REQUEST.BODY_TOO_LARGE',
    });
    expect(toProblem(new NotFoundException('Cannot GET /x'))).toMatchObject({
      status: 404,
      code: 'REQUEST.ROUTE_NOT_FOUND',
    });
  });

  it('answers an unexpected error with a 500 that leaks nothing', () => {
    const doc = toProblem(new Error('SQLITE_CORRUPT at /var/lib/ledger/events.db'));
    expect(doc.status).toBe(500);
    expect(JSON.stringify(doc)).not.toContain('SQLITE');
  });
});

describe('ProblemFilter', () => {
  /** Renders `err` as the filter does; answers the headers, status and body sent. */
  function render(err: unknown) {
    const sent = { headers: {} as Record<string, string>, status: 0, body: undefined as unknown };
    const reply = {
      sent: false,
      header(name: string, value: string) {
        sent.headers[name] = value;
        return reply;
      },
      status(code: number) {
        sent.status = code;
        return reply;
      },
      send(body: unknown) {
        sent.body = body;
        return reply;
      },
    };
    const host = {
      switchToHttp: () => ({
        getResponse: () => reply,
        getRequest: () => ({ url: '/api/v1/groups/g1?x=1' }),
      }),
    };
    new ProblemFilter().catch(err, host as unknown as ArgumentsHost);
    return sent;
  }
  afterEach(() => jest.restoreAllMocks());

  it("sends a problem's own headers (Retry-After on a 503 to retry) and logs it as a warning, without a stack", () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const sent = render(Problem.unavailable('catching up', 'READ_MODEL.CATCHING_UP', 5));
    expect(sent.status).toBe(503);
    expect(sent.headers).toEqual({ 'Retry-After': '5', 'Content-Type': 'application/problem+json' });
    expect(sent.body).toMatchObject({
      status: 503,
      code: 'READ_MODEL.CATCHING_UP',
      instance: '/api/v1/groups/g1',
    });
    expect(warn).toHaveBeenCalledWith('catching up');
    expect(error).not.toHaveBeenCalled();
  });

  it('logs an unexpected error with its stack, and sends no extra header', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const sent = render(new Error('boom'));
    expect(sent.status).toBe(500);
    expect(sent.headers).toEqual({ 'Content-Type': 'application/problem+json' });
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/^Error: boom\n\s+at /));
  });
});
