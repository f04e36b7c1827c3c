import { ValidationPipe, type ArgumentMetadata, type ValidationError, type ValidationPipeOptions } from '@nestjs/common';
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
/** Bumped whenever a validation rule is registered (by the memoised storage): answers built on older rules are dropped. */
let rulesGeneration = 0;

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
    rulesGeneration += 1;
    addValidationMetadata(metadata);
  };
}

/** An object without any key: `{}`, `Object.create(null)`, or the query object of a URL without a query string. */
export function isEmptyPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  // Fastify's query parser (fast-querystring) builds its objects on a bare prototype of its own.
  const plain =
    proto === null ||
    proto === Object.prototype ||
    (Object.getPrototypeOf(proto) === null && Reflect.ownKeys(proto as object).length === 0);
  return plain && Reflect.ownKeys(value).length === 0;
}

/** A fresh copy of a validated entity whose own values are all primitives (so a shallow copy is a whole copy). */
function copyEntity<T extends object>(entity: T): T {
  return Object.assign(Object.create(Object.getPrototypeOf(entity) as object | null) as T, entity);
}

function holdsOnlyPrimitives(entity: object): boolean {
  return Object.values(entity).every((v) => v === null || (typeof v !== 'object' && typeof v !== 'function'));
}

/**
 * Nest's ValidationPipe with one saving (ADR 0120): an EMPTY object (a GET without a query string
 * gives every query DTO one) always transforms and validates to the same answer for a DTO class,
 * so that answer is computed by the pipe once per class (and again after any rule is registered)
 * and every later empty object gets a fresh copy of it. Refusals are never remembered (they go
 * through the whole pipe each time), nor answers holding objects. Any other value goes through
 * the whole pipe.
 */
export class LedgerValidationPipe extends ValidationPipe {
  private readonly emptyAnswers = new WeakMap<object, { generation: number; entity: object }>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype;
    if (!metatype || !isEmptyPlainObject(value) || !this.toValidate(metadata)) return super.transform(value, metadata);
    const known = this.emptyAnswers.get(metatype);
    if (known && known.generation === rulesGeneration) return copyEntity(known.entity);
    const generation = rulesGeneration;
    const entity: unknown = await super.transform(value, metadata);
    if (
      typeof entity === 'object' &&
      entity !== null &&
      entity !== value &&
      entity instanceof metatype &&
      holdsOnlyPrimitives(entity)
    )
      this.emptyAnswers.set(metatype, { generation, entity: copyEntity(entity) });
    return entity;
  }
}

/** The global pipe: whitelist, forbid unknown fields, transform; errors become a 400 problem. */
export function createValidationPipe(): ValidationPipe {
  memoizeValidationMetadata();
  return new LedgerValidationPipe(validationPipeOptions());
}

/** The global pipe's options (the spec builds Nest's own pipe with them, as the reference). */
export function validationPipeOptions(): ValidationPipeOptions {
  return {
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
  };
}
