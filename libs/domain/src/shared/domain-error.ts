/**
 * A decider refuses only what cannot be true of the world (ADR 0011). The kind says which
 * HTTP status the API answers with; the code is a stable contract (never renamed).
 * - CONFLICT (409): the transition is impossible in the aggregate's current state.
 * - NOT_FOUND (404): the subject or the referenced event does not exist.
 * - UNPROCESSABLE (422): the command contradicts itself (a term that ends before it starts).
 */
export type DomainErrorKind = 'CONFLICT' | 'NOT_FOUND' | 'UNPROCESSABLE';

export const DOMAIN_ERROR_CODES = {
  // school
  SCHOOL_ALREADY_REGISTERED: { code: 'SCHOOL.ALREADY_REGISTERED', kind: 'CONFLICT' },
  SCHOOL_NOT_REGISTERED: { code: 'SCHOOL.NOT_REGISTERED', kind: 'NOT_FOUND' },
  SCHOOL_LOCATION_INCONSISTENT: { code: 'SCHOOL.LOCATION_INCONSISTENT', kind: 'UNPROCESSABLE' },
  // group
  GROUP_ALREADY_FORMED: { code: 'GROUP.ALREADY_FORMED', kind: 'CONFLICT' },
  GROUP_NOT_FOUND: { code: 'GROUP.NOT_FOUND', kind: 'NOT_FOUND' },
  GROUP_DISSOLVED: { code: 'GROUP.DISSOLVED', kind: 'CONFLICT' },
  // cooperation
  COOPERATION_ALREADY_PROPOSED: { code: 'COOPERATION.ALREADY_PROPOSED', kind: 'CONFLICT' },
  COOPERATION_NOT_PROPOSED: { code: 'COOPERATION.NOT_PROPOSED', kind: 'CONFLICT' },
  COOPERATION_LEAD_IS_PARTNER: { code: 'COOPERATION.LEAD_IS_PARTNER', kind: 'UNPROCESSABLE' },
  COOPERATION_ALREADY_ADMITTED: { code: 'COOPERATION.ALREADY_ADMITTED', kind: 'CONFLICT' },
  COOPERATION_ALREADY_EXITED: { code: 'COOPERATION.ALREADY_EXITED', kind: 'CONFLICT' },
  COOPERATION_NO_CONTRACT_TERM: { code: 'COOPERATION.NO_CONTRACT_TERM', kind: 'CONFLICT' },
  COOPERATION_TERM_END_BEFORE_START: { code: 'COOPERATION.TERM_END_BEFORE_START', kind: 'UNPROCESSABLE' },
  COOPERATION_EXTENSION_NOT_LATER: { code: 'COOPERATION.EXTENSION_NOT_LATER', kind: 'UNPROCESSABLE' },
  // any stream
  EVENT_NOT_FOUND: { code: 'EVENT.NOT_FOUND', kind: 'NOT_FOUND' },
  EVENT_ALREADY_RETRACTED: { code: 'EVENT.ALREADY_RETRACTED', kind: 'CONFLICT' },
  EVENT_NOT_RETRACTABLE: { code: 'EVENT.NOT_RETRACTABLE', kind: 'UNPROCESSABLE' },
  EXCEPTION_UNTIL_BEFORE_GRANT: { code: 'EXCEPTION.UNTIL_BEFORE_GRANT', kind: 'UNPROCESSABLE' },
  // command envelope
  COMMAND_INVALID_DATA: { code: 'COMMAND.INVALID_DATA', kind: 'UNPROCESSABLE' },
  COMMAND_INVALID_METADATA: { code: 'COMMAND.INVALID_METADATA', kind: 'UNPROCESSABLE' },
  COMMAND_SUBJECT_MISMATCH: { code: 'COMMAND.SUBJECT_MISMATCH', kind: 'UNPROCESSABLE' },
  COMMAND_NOT_FOR_AGGREGATE: { code: 'COMMAND.NOT_FOR_AGGREGATE', kind: 'UNPROCESSABLE' },
  COMMAND_UNKNOWN: { code: 'COMMAND.UNKNOWN', kind: 'UNPROCESSABLE' },
} as const satisfies Record<string, { code: string; kind: DomainErrorKind }>;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[keyof typeof DOMAIN_ERROR_CODES]['code'];
type ErrorKey = keyof typeof DOMAIN_ERROR_CODES;

const KIND_BY_CODE: ReadonlyMap<string, DomainErrorKind> = new Map(
  Object.values(DOMAIN_ERROR_CODES).map((e) => [e.code, e.kind] as [string, DomainErrorKind]),
);

/** The kind (hence HTTP status family) of a stable code. */
export function domainErrorKind(code: DomainErrorCode): DomainErrorKind {
  return KIND_BY_CODE.get(code) ?? 'UNPROCESSABLE';
}

export class DomainError extends Error {
  readonly kind: DomainErrorKind;
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
    this.kind = domainErrorKind(code);
  }

  /** `DomainError.of('COOPERATION_ALREADY_ADMITTED', '…', {…})` */
  static of(key: ErrorKey, message: string, details?: Record<string, unknown>): DomainError {
    return new DomainError(DOMAIN_ERROR_CODES[key].code, message, details);
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
