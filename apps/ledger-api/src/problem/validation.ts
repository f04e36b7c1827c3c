import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { Problem, type ProblemFieldError } from './problem';

/** Flattens class-validator's tree into one entry per bad field, with its full path. */
export function flattenValidationErrors(
  errors: readonly ValidationError[],
  prefix = '',
): ProblemFieldError[] {
  const out: ProblemFieldError[] = [];
  for (const error of errors) {
    const path =
      prefix === ''
        ? error.property
        : /^\d+$/.test(error.property)
          ? `${prefix}[${error.property}]`
          : `${prefix}.${error.property}`;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      out.push({
        path,
        message:
          constraint === 'whitelistValidation' ? `${path}: 不允许的字段 · property is not allowed` : message,
        constraint,
      });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, path));
  }
  return out;
}

/** The global pipe: whitelist, forbid unknown fields, transform; errors become a 400 problem. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const fields = flattenValidationErrors(errors);
      return Problem.badRequest(
        `请求有 ${fields.length} 处错误 · ${fields.length} invalid field(s): ${[...new Set(fields.map((f) => f.path))].join(', ')}`,
        fields,
      );
    },
  });
}
