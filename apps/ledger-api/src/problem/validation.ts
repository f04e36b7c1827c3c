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

/** Whether class-transformer has any decorator on `metatype` or on one of `fields` (then plainToInstance is more than a copy). */
function transformerTouches(metatype: new () => object, fields: Iterable<string>): boolean {
  const transformer = defaultMetadataStorage;
  if (
    transformer.getStrategy(metatype) !== 'none' ||
    transformer.getExposedMetadatas(metatype).length > 0 ||
    transformer.getExcludedMetadatas(metatype).length > 0
  )
    return true;
  for (const field of fields)
    if (
      transformer.findTypeMetadata(metatype, field) ||
      transformer.findTransformMetadatas(metatype, field, 1 /* PLAIN_TO_CLASS */).length > 0
    )
      return true;
  return false;
}

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
  if (transformerTouches(metatype, patterns.keys())) return undefined;
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

/** A value class-transformer copies as it is: a primitive, or an array of primitives without holes (copied as a new array). */
function isFlatValue(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return typeof v !== 'function' && typeof v !== 'symbol' && typeof v !== 'bigint';
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) {
    const item: unknown = v[i];
    if (!(i in v) || (item !== null && (typeof item === 'object' || typeof item === 'function' || typeof item === 'symbol' || typeof item === 'bigint')))
      return false;
  }
  return true;
}

/** One field of a flat DTO: its conditions (`@IsOptional`, `@ValidateIf`) and its rules' validators, as class-validator runs them. */
interface FlatField {
  readonly name: string;
  readonly conditions: ReadonlyArray<(object: object, value: unknown) => unknown>;
  readonly rules: ReadonlyArray<{
    readonly metadata: ValidationMetadata;
    readonly validate: (value: unknown, args: object) => unknown;
  }>;
}

/** The compiled answer of a DTO class: the entity the whole pipe answers for `value`, or undefined to go through the pipe. */
export type CompiledAnswer = (value: object) => object | undefined;

/**
 * The compiled happy path of a flat body DTO (ADR 0141), or undefined for any other class. Flat:
 * class-transformer has no decorator on the class, and every class-validator rule is a synchronous
 * custom validation (every built-in decorator such as `@IsString`, `@Length`, `@IsIn`, `@Matches`,
 * `@ArrayUnique` is one, and so are `registerDecorator` ones) or a condition (`@IsOptional`,
 * `@ValidateIf`), without groups or `always`; a nested, promise or `@IsDefined` rule, or a field the
 * class declares without a rule, makes the class not flat. For a plain object whose own keys are all
 * ruled fields holding primitives or arrays of primitives, the answer is what the pipe builds,
 * `new metatype()` with those keys copied (arrays as new arrays), provided every rule the executor
 * would run on it accepts it: the same validator instance, called with the same arguments, in a field
 * whose conditions hold. Anything else, a refusal, a validator that answers other than `true`, or
 * one that throws, gives undefined, and the whole pipe answers, refusals with its own problem document.
 */
export function compileFlatCheck(metatype: new () => object): CompiledAnswer | undefined {
  const storage = getMetadataStorage();
  const rules = storage.getTargetValidationMetadatas(metatype, '', false, false, undefined);
  if (rules.length === 0) return undefined;
  const grouped = storage.groupByPropertyName(rules);
  const names = Object.keys(grouped);
  if (transformerTouches(metatype, names)) return undefined;
  // A field declared without a rule would be an own key of every instance that whitelisting refuses.
  for (const key of Object.keys(new metatype())) if (!Object.hasOwn(grouped, key)) return undefined;
  const fields: FlatField[] = [];
  for (const name of names) {
    const conditions: Array<(object: object, value: unknown) => unknown> = [];
    const checks: Array<FlatField['rules'][number]> = [];
    for (const rule of grouped[name]) {
      if (rule.always || (rule.groups && rule.groups.length > 0)) return undefined;
      if (rule.type === 'conditionalValidation') {
        const condition = rule.constraints?.[0] as unknown;
        if (typeof condition !== 'function') return undefined;
        conditions.push(condition as (object: object, value: unknown) => unknown);
      } else if (rule.type === 'customValidation') {
        for (const constraint of storage.getTargetValidatorConstraints(rule.constraintCls)) {
          const instance = constraint.instance as { validate?: (value: unknown, args: object) => unknown } | undefined;
          if (constraint.async || typeof instance?.validate !== 'function') return undefined;
          checks.push({ metadata: rule, validate: instance.validate.bind(instance) });
        }
      } else return undefined;
    }
    fields.push({ name, conditions, rules: checks });
  }
  const targetName = metatype.name;
  return (value) => {
    const keys = Reflect.ownKeys(value);
    for (const key of keys) {
      if (typeof key !== 'string' || !Object.hasOwn(grouped, key) || !Object.prototype.propertyIsEnumerable.call(value, key))
        return undefined;
      if (!isFlatValue((value as Record<string, unknown>)[key])) return undefined;
    }
    const entity = new metatype() as Record<string, unknown>;
    for (const key of keys as string[]) {
      const v = (value as Record<string, unknown>)[key];
      // A new array, as class-transformer builds one (`[]` and its items), whatever the body's was.
      entity[key] = Array.isArray(v) ? Array.from(v as unknown[]) : v;
    }
    try {
      for (const field of fields) {
        const v = entity[field.name];
        let applies = true;
        for (const condition of field.conditions) if (!condition(entity, v)) applies = false;
        if (!applies) continue;
        for (const { metadata, validate } of field.rules) {
          if (metadata.validateIf && !metadata.validateIf(entity, v)) continue;
          const args = { targetName, property: field.name, object: entity, value: v, constraints: metadata.constraints };
          if (metadata.each && Array.isArray(v)) {
            for (const item of v) if (validate(item, args) !== true) return undefined;
          } else if (validate(v, args) !== true) return undefined;
        }
      }
    } catch {
      return undefined;
    }
    return entity;
  };
}

/** A class's compiled answer: its pattern check (ADR 0123) when it is a pattern DTO, else its flat check (ADR 0141), if any. */
function compileAnswer(metatype: new () => object): CompiledAnswer | undefined {
  const pattern = compilePatternCheck(metatype);
  if (pattern) return (value) => (pattern(value) ? Object.assign(new metatype(), value) : undefined);
  return compileFlatCheck(metatype);
}

/**
 * Nest's ValidationPipe with three savings. ADR 0120: an EMPTY object (a GET without a query string
 * gives every query DTO one) always transforms and validates to the same answer for a DTO class,
 * so that answer is computed by the pipe once per class (and again after any rule is registered)
 * and every later empty object gets a fresh copy of it. Refusals are never remembered (they go
 * through the whole pipe each time), nor answers holding objects. ADR 0123: a value of a
 * pattern DTO that its compiled check (compilePatternCheck) accepts, and ADR 0141: a value of a
 * flat DTO that every rule accepts (compileFlatCheck), are answered without class-transformer and
 * class-validator's executor. Any other value goes through the whole pipe.
 */
export class LedgerValidationPipe extends ValidationPipe {
  private readonly emptyAnswers = new WeakMap<object, { generation: number; entity: object }>();
  private readonly compiled = new WeakMap<object, { generation: number; answer: CompiledAnswer | undefined }>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype;
    // A pattern DTO (path parameters such as `:id`) with a value its compiled check accepts: the
    // pipe's own answer is a fresh instance holding the same strings (ADR 0123). A flat DTO (most
    // command bodies) with a value every rule accepts: the instance the pipe would build (ADR 0141).
    if (metatype && isPlainRecord(value) && this.toValidate(metadata)) {
      let known = this.compiled.get(metatype);
      if (!known || known.generation !== rulesGeneration)
        this.compiled.set(metatype, (known = { generation: rulesGeneration, answer: compileAnswer(metatype as new () => object) }));
      const entity = known.answer?.(value);
      if (entity !== undefined) return entity;
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
