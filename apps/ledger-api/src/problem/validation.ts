import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
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

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];
const MEMOIZED = Symbol.for('ledger.classValidatorMetadataMemo');

/**
 * Memoises class-validator's metadata look-ups (ADR 0117). `getTargetValidationMetadatas` walks
 * every decorated class of the process (an `instanceof` per class, for inherited rules) and filters
 * the target's rules on every validation of every object, nested ones included, and
 * `groupByPropertyName` regroups the answer each time; both depend only on the decorators, which
 * run when the DTO modules load. The memo is keyed by target and options, not used with validation
 * groups (the API uses none), and dropped whenever a rule is registered, so a class decorated
 * later is seen. The answers are read, never changed, by class-validator's executor. Patching the
 * process's one metadata storage is the only hook the library offers; idempotent.
 */
export function memoizeValidationMetadata(storage: MetadataStorage = getMetadataStorage()): void {
  const patched = storage as MetadataStorage & { [MEMOIZED]?: true };
  if (patched[MEMOIZED]) return;
  patched[MEMOIZED] = true;
  const targetMetadatas = storage.getTargetValidationMetadatas.bind(storage);
  const groupByPropertyName = storage.groupByPropertyName.bind(storage);
  const addValidationMetadata = storage.addValidationMetadata.bind(storage);
  let memo = new Map<unknown, Map<string, ValidationMetadata[]>>();
  let grouped = new WeakMap<ValidationMetadata[], Record<string, ValidationMetadata[]>>();
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    if (groups && groups.length > 0) return targetMetadatas(target, schema, always, strictGroups, groups);
    const key = `${schema}\u0000${String(always)}\u0000${String(strictGroups)}`;
    let byOptions = memo.get(target);
    if (!byOptions) memo.set(target, (byOptions = new Map()));
    let answer = byOptions.get(key);
    if (!answer) byOptions.set(key, (answer = targetMetadatas(target, schema, always, strictGroups, groups)));
    return answer;
  };
  storage.groupByPropertyName = (metadata) => {
    let answer = grouped.get(metadata);
    if (!answer) grouped.set(metadata, (answer = groupByPropertyName(metadata)));
    return answer;
  };
  storage.addValidationMetadata = (metadata) => {
    memo = new Map();
    grouped = new WeakMap();
    addValidationMetadata(metadata);
  };
}

/** The global pipe: whitelist, forbid unknown fields, transform; errors become a 400 problem. */
export function createValidationPipe(): ValidationPipe {
  memoizeValidationMetadata();
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
