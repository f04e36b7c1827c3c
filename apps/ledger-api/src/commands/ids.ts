import { v7 } from 'uuid';

/**
 * A new id for an event or a subject the API creates: a UUIDv7 (RFC 9562 §5.7), time-ordered, so
 * the store's index inserts land at the right-hand edge instead of a random leaf (ADR 0133: a
 * 64-request commit writes 44% fewer WAL pages than with random v4 ids). The `uuid` package keeps
 * ids made within one millisecond increasing (RFC 9562 §6.2, method 1); Node 20's crypto has no v7.
 */
export function newId(): string {
  return v7();
}
