import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { DomainError } from '@ledger/domain';
import { Problem } from './problem';
import { toProblem } from './problem.filter';

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
