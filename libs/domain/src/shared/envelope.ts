import type { Actor, IsoDay, IsoInstant } from './terms';

/**
 * What every event carries besides its type and data (DESIGN.md, "Events"). Stored as the
 * event's metadata; the store adds streamId, revision and position.
 */
export interface EventMetadata {
  readonly schemaVersion: number;
  /** Valid time: the day the fact took effect, supplied by the recorder. */
  readonly occurredOn: IsoDay;
  /** Transaction time: when the ledger wrote it, from the server clock (never the domain's). */
  readonly recordedAt: IsoInstant;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId?: string;
  readonly idempotencyKey?: string;
}

/** An event as the domain sees it once read back from the store. */
export interface RecordedDomainEvent<E extends { type: string; data: unknown } = { type: string; data: unknown }> {
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly type: E['type'];
  readonly data: E['data'];
  readonly metadata: EventMetadata;
}

/** Stream names (DESIGN.md): one stream per aggregate. */
export const streamIds = {
  school: (schoolId: string) => `school-${schoolId}`,
  group: (groupId: string) => `group-${groupId}`,
  cooperation: (cooperationId: string) => `cooperation-${cooperationId}`,
} as const;

export function parseStreamId(streamId: string): { type: 'school' | 'group' | 'cooperation'; id: string } | undefined {
  const m = /^(school|group|cooperation)-(.+)$/.exec(streamId);
  return m ? { type: m[1] as 'school' | 'group' | 'cooperation', id: m[2] } : undefined;
}
