import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { isIsoDay } from '@ledger/platform';

export const SCHOOL_ID = /^\d{10}$/;
export const DISTRICT_CODE = /^\d{6}$/;
export const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Generated or client-chosen ids of groups and cooperations: a UUID or a short slug. */
export const SUBJECT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** Pseudonymous teacher ids: letters, digits, `_` and `-` only (no names). */
export const TEACHER_ID = /^[A-Za-z0-9_-]{1,64}$/;
export const RULE_ID = /^R\d{2}[A-Za-z0-9_-]{0,30}$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `YYYY-MM-DD` and a day that exists (2024-02-30 is refused). */
export function IsIsoDay(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isIsoDay',
      target: object.constructor,
      propertyName,
      options: {
        message: (a: ValidationArguments) => `${a.property} must be an ISO day that exists (YYYY-MM-DD)`,
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value === 'string' && isIsoDay(value) },
    });
}

/** Fails when the object also has `other` set (exactly one of two fields). */
export function IsAbsentWhen(other: string, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isAbsentWhen',
      target: object.constructor,
      propertyName,
      constraints: [other],
      options: {
        message: (a: ValidationArguments) => `give either ${a.property} or ${other}, not both`,
        ...options,
      },
      validator: {
        validate: (value: unknown, a: ValidationArguments) =>
          value === undefined || (a.object as Record<string, unknown>)[other] === undefined,
      },
    });
}
