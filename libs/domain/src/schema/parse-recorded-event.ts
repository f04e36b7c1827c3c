import type { LedgerEventType } from '../events';
import type { EventMetadata, RecordedDomainEvent } from '../shared/envelope';
import { EVENT_DATA_SCHEMAS, LEDGER_EVENT_TYPES, SCHEMA_VERSIONS, eventMetadataSchema, isLedgerEventType } from './event-schemas';
import { upcasters as defaultUpcasters, type UpcasterRegistry } from './upcasters';
import { validate, type Issue } from './validators';
export type { Issue, Schema, ParseResult } from './validators';

/** What the store hands back (the shape of `StoredEvent` in @ledger/event-store). */
export interface StoredEventLike {
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

/** A stored event that does not match its schema: reported, never silently folded. */
export class MalformedEventError extends Error {
  readonly code = 'EVENT.MALFORMED';
  constructor(
    readonly eventId: string,
    readonly streamId: string,
    readonly position: bigint,
    readonly type: string,
    readonly issues: readonly Issue[],
  ) {
    super(
      `Malformed event at position ${position} (${type}, ${eventId} in ${streamId}): ` +
        issues.map((i) => `${i.path || '(root)'} ${i.message}`).join('; '),
    );
    this.name = 'MalformedEventError';
  }

  /** The bad fields' paths, e.g. ['data.termEnd', 'metadata.occurredOn']. */
  get fields(): string[] {
    return this.issues.map((i) => i.path);
  }
}

export interface ParseOptions {
  /** Defaults to the registry in `upcasters.ts`; specs pass their own. */
  readonly upcasters?: UpcasterRegistry;
  /** Defaults to `SCHEMA_VERSIONS`. */
  readonly schemaVersions?: { readonly [K in LedgerEventType]?: number };
}

/**
 * The catalogue's own type strings: a parsed event carries one of these (equal to the stored
 * `type`), so a million folded facts share 30 strings instead of holding one copy each.
 */
const CATALOGUE_TYPES = new Map<string, LedgerEventType>(LEDGER_EVENT_TYPES.map((t) => [t, t]));

/** The catalogue's own string for an event type (see above), or undefined for a type it lacks. */
export function catalogueType(type: string): LedgerEventType | undefined {
  return CATALOGUE_TYPES.get(type);
}

const DEFAULT_OPTIONS: ParseOptions = {};

function malformed(stored: StoredEventLike, issues: Issue[]): never {
  throw new MalformedEventError(stored.eventId, stored.streamId, stored.position, String(stored.type), issues);
}

/**
 * StoredEvent → RecordedDomainEvent: checks the type, the envelope, upcasts the data to the
 * current schema version and checks it. The returned metadata carries the current
 * `schemaVersion` (the version of the data as returned); unknown metadata keys are dropped.
 */
export function parseRecordedEvent(stored: StoredEventLike, options: ParseOptions = DEFAULT_OPTIONS): RecordedDomainEvent {
  // (`isLedgerEventType`: a string naming an own key of the catalogue.)
  const type = typeof stored.type === 'string' ? CATALOGUE_TYPES.get(stored.type) : undefined;
  if (type === undefined) return malformed(stored, [{ path: 'type', message: `is not an event type of the catalogue: ${String(stored.type)}` }]);

  // `test` first: `validate` (which collects the issues) runs only for a value it refuses.
  if (!eventMetadataSchema.test(stored.metadata)) {
    const meta = validate(eventMetadataSchema, stored.metadata, 'metadata');
    if (!meta.ok) malformed(stored, [...meta.issues]);
  }
  const m = stored.metadata as EventMetadata;

  const current = options.schemaVersions?.[type] ?? SCHEMA_VERSIONS[type];
  if (m.schemaVersion > current) {
    malformed(stored, [{ path: 'metadata.schemaVersion', message: `${m.schemaVersion} is newer than this build knows (${current})` }]);
  }
  const registry = options.upcasters ?? defaultUpcasters;
  let data: unknown = stored.data;
  for (let v = m.schemaVersion; v < current; v++) {
    const up = registry[type]?.[v];
    if (!up) malformed(stored, [{ path: 'metadata.schemaVersion', message: `no upcaster for ${type} from version ${v}` }]);
    data = (up as (d: unknown) => unknown)(data);
  }

  const dataSchema = EVENT_DATA_SCHEMAS[type] as Parameters<typeof validate>[0];
  if (!dataSchema.test(data)) {
    const checked = validate(dataSchema, data, 'data');
    if (!checked.ok) malformed(stored, [...checked.issues]);
  }

  const metadata: { -readonly [K in keyof EventMetadata]: EventMetadata[K] } = {
    schemaVersion: current,
    occurredOn: m.occurredOn,
    recordedAt: m.recordedAt,
    actor: m.actor,
    correlationId: m.correlationId,
  };
  if (m.causationId !== undefined) metadata.causationId = m.causationId;
  if (m.idempotencyKey !== undefined) metadata.idempotencyKey = m.idempotencyKey;
  return {
    eventId: stored.eventId,
    streamId: stored.streamId,
    revision: stored.revision,
    position: stored.position,
    type,
    data: data as RecordedDomainEvent['data'],
    metadata,
  };
}

export function parseRecordedEvents(stored: readonly StoredEventLike[], options?: ParseOptions): RecordedDomainEvent[] {
  return stored.map((s) => parseRecordedEvent(s, options));
}

/** Checks one event's data against its current schema; issues are empty when it is valid. */
export function checkEventData(type: string, data: unknown): readonly Issue[] {
  if (!isLedgerEventType(type)) return [{ path: 'type', message: `is not an event type of the catalogue: ${type}` }];
  const r = validate(EVENT_DATA_SCHEMAS[type] as Parameters<typeof validate>[0], data, 'data');
  return r.ok ? [] : r.issues;
}
