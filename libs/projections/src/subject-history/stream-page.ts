import type { EventStore, StoredEvent } from '@ledger/event-store';
import { decodeCursor, encodeCursor, type Page } from '../city-compliance/compliance.query';

/**
 * A page of one stream's events, as `paginate` cuts it from the whole stream (the cursor an
 * offset, which in a stream is the revision), read from the store without the rest: the last
 * revision gives the total, then the page alone is read (a history page of a stream of 20,000
 * events read all 20,000; ADR 0168). Throws `StreamNotFoundError` for a stream with no events.
 */
export async function streamPage(store: EventStore, streamId: string, limit: number, cursor?: string): Promise<Page<StoredEvent>> {
  const [last] = await store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
  const offset = cursor ? (decodeCursor(cursor) ?? 0) : 0;
  const known = Number(last.revision) + 1;
  const items = offset < known ? await store.readStream(streamId, { fromRevision: BigInt(offset), maxCount: limit }) : [];
  // Events appended between the two reads count too (the page read holds revisions up to offset + length − 1).
  const total = items.length > 0 ? Math.max(known, offset + items.length) : known;
  const next = offset + items.length;
  return { items, total, ...(next < total ? { nextCursor: encodeCursor(next) } : {}) };
}
