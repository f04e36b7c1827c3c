import type { LedgerEventType } from '../events';

/** Turns data of version `fromVersion` into data of version `fromVersion + 1`. Pure. */
export type Upcaster = (data: unknown) => unknown;

/**
 * `upcasters[type][fromVersion]`: applied when reading, one step at a time, until the data is at
 * `SCHEMA_VERSIONS[type]`. Stored events are never rewritten (DESIGN.md "Events"). Every type is
 * at version 1 today, so the registry is empty; add entries here when a shape changes, e.g.
 * `SchoolRegistered: { 1: (d) => ({ ...(d as object), sinoForeign: false }) }`.
 */
export type UpcasterRegistry = { readonly [K in LedgerEventType]?: { readonly [fromVersion: number]: Upcaster } };

export const upcasters: UpcasterRegistry = {};
