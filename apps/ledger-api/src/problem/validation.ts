import { ValidationPipe, type ArgumentMetadata, type ValidationError, type ValidationPipeOptions } from '@nestjs/common';
import type { MetadataStorage as TransformerMetadataStorage } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage, matches, MATCHES } from 'class-validator';
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

/** class-transformer's decorator registry (not re-exported by its index; the path its own decorators use). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: TransformerMetadataStorage;
};

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
  return isPlainRecord(value) && Reflect.ownKeys(value).length === 0;
}

/** Whether `value` is an object the pipe copies field by field: a plain, bare or query object. */
function isPlainRecord(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  // Fastify's query parser (fast-querystring) builds its objects on a bare prototype of its own.
  return (
    proto === null ||
    proto === Object.prototype ||
    (Object.getPrototypeOf(proto) === null && Reflect.ownKeys(proto as object).length === 0)
  );
}

/** A fresh copy of a validated entity whose own values are all primitives (so a shallow copy is a whole copy). */
function copyEntity<T extends object>(entity: T): T {
  return Object.assign(Object.create(Object.getPrototypeOf(entity) as object | null) as T, entity);
}

function holdsOnlyPrimitives(entity: object): boolean {
  return Object.values(entity).every((v) => v === null || (typeof v !== 'object' && typeof v !== 'function'));
}

const matchesRule = matches as (value: unknown, pattern: unknown, modifiers: unknown) => boolean;

/** A check of a whole value for a DTO class whose only rules are `@Matches` on string fields: true when every rule holds. */
type PatternCheck = (value: object) => boolean;

/**
 * The compiled check of `metatype` (ADR 0123), or undefined when the class is not a plain
 * pattern DTO: every class-validator rule of the class (inherited ones included) is a `@Matches`
 * without `each`, groups, `always` or a condition, and class-transformer has no decorator on it.
 * The check accepts exactly the values the whole pipe accepts for such a class and answers with
 * what it would build: a plain object (or a query object) whose own keys are the ruled fields,
 * each a string that class-validator's own `matches` accepts for every pattern of the field.
 * Anything else (a missing or extra key, a symbol, a non-string, a failing pattern) is left to
 * the whole pipe, so every refusal is the pipe's own problem document.
 */
export function compilePatternCheck(metatype: new () => object): PatternCheck | undefined {
  const rules = getMetadataStorage().getTargetValidationMetadatas(metatype, '', false, false, undefined);
  if (rules.length === 0) return undefined;
  const patterns = new Map<string, Array<[RegExp | string, string | undefined]>>();
  for (const rule of rules) {
    if (
      rule.type !== 'customValidation' ||
      rule.name !== MATCHES ||
      rule.each ||
      rule.always ||
      (rule.groups && rule.groups.length > 0) ||
      rule.validateIf ||
      typeof rule.propertyName !== 'string'
    )
      return undefined;
    const [pattern, modifiers] = rule.constraints as [RegExp | string, string | undefined];
    if (!(pattern instanceof RegExp) && typeof pattern !== 'string') return undefined;
    const list = patterns.get(rule.propertyName) ?? [];
    list.push([pattern, modifiers]);
    patterns.set(rule.propertyName, list);
  }
  const transformer = defaultMetadataStorage;
  if (
    transformer.getStrategy(metatype) !== 'none' ||
    transformer.getExposedMetadatas(metatype).length > 0 ||
    transformer.getExcludedMetadatas(metatype).length > 0
  )
    return undefined;
  for (const field of patterns.keys()) {
    if (
      transformer.findTypeMetadata(metatype, field) ||
      transformer.findTransformMetadatas(metatype, field, 1 /* PLAIN_TO_CLASS */).length > 0
    )
      return undefined;
  }
  const fields = [...patterns.entries()];
  return (value) => {
    const keys = Reflect.ownKeys(value);
    if (keys.length !== fields.length) return false;
    for (const [field, list] of fields) {
      if (!Object.prototype.propertyIsEnumerable.call(value, field)) return false;
      const v = (value as Record<string, unknown>)[field];
      if (typeof v !== 'string') return false;
      // The very call the decorator's validator makes: matches(value, constraints[0], constraints[1]).
      for (const [pattern, modifiers] of list) if (!matchesRule(v, pattern, modifiers)) return false;
    }
    return true;
  };
}

/**
 * Nest's ValidationPipe with two savings. ADR 0120: an EMPTY object (a GET without a query string
 * gives every query DTO one) always transforms and validates to the same answer for a DTO class,
 * so that answer is computed by the pipe once per class (and again after any rule is registered)
 * and every later empty object gets a fresh copy of it. Refusals are never remembered (they go
 * through the whole pipe each time), nor answers holding objects. ADR 0123: a value of a
 * pattern DTO that its compiled check (compilePatternCheck) accepts is answered without
 * class-transformer and class-validator. Any other value goes through the whole pipe.
 */
export class LedgerValidationPipe extends ValidationPipe {
  private readonly emptyAnswers = new WeakMap<object, { generation: number; entity: object }>();
  private readonly patternChecks = new WeakMap<object, { generation: number; check: PatternCheck | undefined }>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype;
    // A pattern DTO (path parameters such as `:id`) with a value its compiled check accepts: the
    // pipe's own answer is a fresh instance holding the same strings (ADR 0123).
    if (metatype && isPlainRecord(value) && this.toValidate(metadata)) {
      let known = this.patternChecks.get(metatype);
      if (!known || known.generation !== rulesGeneration)
        this.patternChecks.set(metatype, (known = { generation: rulesGeneration, check: compilePatternCheck(metatype as new () => object) }));
      if (known.check?.(value))
        return Object.assign(new (metatype as new () => object)(), value);
    }
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
