import { HttpException } from '@nestjs/common';

/** One bad field of a request: its path in the body (`recipients[0].kind`), query or header. */
export interface ProblemFieldError {
  readonly path: string;
  readonly message: string;
  /** The failed check, e.g. `isIn`, `matches`, `whitelist`. */
  readonly constraint?: string;
}

/** RFC 9457 problem details, with `code` for domain errors and `errors[]` for bad input. */
export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly code?: string;
  readonly errors?: readonly ProblemFieldError[];
  readonly [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem type URIs are relative references resolved against the API's origin. */
export const problemType = (slug: string) => `/problems/${slug}`;

const TITLES: Record<number, [string, string]> = {
  400: ['invalid-request', '请求无效 · Invalid request'],
  401: ['unauthorized', '未认证 · Unauthorized'],
  403: ['forbidden', '无权限 · Forbidden'],
  404: ['not-found', '未找到 · Not found'],
  409: ['conflict', '冲突 · Conflict'],
  412: ['precondition-failed', '前提条件不成立 · Precondition failed'],
  413: ['payload-too-large', '请求体过大 · Payload too large'],
  415: ['unsupported-media-type', '不支持的媒体类型 · Unsupported media type'],
  422: ['unprocessable', '无法处理 · Unprocessable'],
  429: ['too-many-requests', '请求过多 · Too many requests'],
  500: ['internal-error', '内部错误 · Internal error'],
  503: ['unavailable', '服务不可用 · Service unavailable'],
};

export function problemDocument(
  status: number,
  detail: string,
  extra: Partial<ProblemDocument> = {},
): ProblemDocument {
  const [slug, title] = TITLES[status] ?? ['http-error', `HTTP ${status}`];
  return { type: problemType(slug), title, status, detail, ...extra };
}

/** An HTTP error that the problem filter renders as its document (with `headers`, if any). */
export class Problem extends HttpException {
  constructor(
    readonly document: ProblemDocument,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(document, document.status);
  }
  /** A 503 the client is expected to retry: `Retry-After` tells it when. */
  static unavailable(
    detail: string,
    code: string,
    retryAfterSeconds: number,
    extra: Partial<ProblemDocument> = {},
  ): Problem {
    return new Problem(problemDocument(503, detail, { code, ...extra }), {
      'Retry-After': String(retryAfterSeconds),
    });
  }
  static of(status: number, detail: string, extra: Partial<ProblemDocument> = {}): Problem {
    return new Problem(problemDocument(status, detail, extra));
  }
  static badRequest(detail: string, errors?: ProblemFieldError[]): Problem {
    return Problem.of(400, detail, errors ? { type: problemType('validation-error'), errors } : {});
  }
  static unauthorized(detail: string): Problem {
    return Problem.of(401, detail);
  }
  static forbidden(detail: string, code?: string): Problem {
    return Problem.of(403, detail, code ? { code } : {});
  }
  static notFound(detail: string, code?: string): Problem {
    return Problem.of(404, detail, code ? { code } : {});
  }
  static conflict(detail: string, code?: string, extra: Partial<ProblemDocument> = {}): Problem {
    return Problem.of(409, detail, { ...(code ? { code } : {}), ...extra });
  }
  static preconditionFailed(detail: string, extra: Partial<ProblemDocument> = {}): Problem {
    return Problem.of(412, detail, { code: 'REQUEST.REVISION_MISMATCH', ...extra });
  }
  static unprocessable(detail: string, code?: string, extra: Partial<ProblemDocument> = {}): Problem {
    return Problem.of(422, detail, { ...(code ? { code } : {}), ...extra });
  }
}
