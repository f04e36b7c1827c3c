import {
  applyEvent,
  deserializeLedgerView,
  emptyLedgerView,
  settlingParsedView,
  serializeLedgerView,
  type LedgerView,
} from '@ledger/domain';
import type { ReadModel } from '../runner/read-model';
import { restoringParts, snapshotParts } from '../runner/snapshot-parts';

export const LEDGER_VIEW = 'ledger-view';

/**
 * Per-subject facts of the whole city (the domain's bitemporal ledger view): every other query
 * (subject state, footprint, deadlines, time travel) derives from it. Because the view keeps each
 * fact's valid day, position and recording instant, `asOf`/`knownAt` answers come from this one
 * fold without replaying the store (see ADR 0051).
 *
 * Snapshots are chunked (ADR 0095): a header and parts of 1,000 map entries each, never one JSON
 * string of the whole view (~400 MB at 1M events, past V8's string limit at ~1.3M). The view keeps no
 * index of every event id (ADR 0177; before it, the snapshot left that index out and the restore
 * made it again, ADR 0173): the restore only notes where the retracted facts are, and shares the
 * catalogue's type strings (`settlingParsedView`).
 */
export const ledgerViewProjection: ReadModel<LedgerView> = {
  name: LEDGER_VIEW,
  // 2 since ADR 0173 (snapshots without `subjectOf`): a build before it, which would restore such a
  // snapshot without the Map and fail on its first event, sees another version and replays instead.
  // Still 2 since ADR 0177 (no such index at all): the parts are the same, and a build of ADR 0173
  // makes its index from them.
  version: 2,
  initialState: emptyLedgerView,
  apply: (view, event) => applyEvent(view, event),
  serialize: serializeLedgerView,
  deserialize: deserializeLedgerView,
  snapshotParts,
  *restoreParts(parts) {
    const restored = yield* restoringParts<LedgerView & { subjectOf?: unknown }>(parts);
    // A snapshot cut before ADR 0177 names the view's former index of event ids in its header
    // (without its entries since ADR 0173): left out of a new object (a `delete` would leave the
    // view, read on every event, in V8's slower dictionary mode for good).
    const view: LedgerView = 'subjectOf' in restored ? withoutIndex(restored) : restored;
    if (
      view.kind !== 'ledger-view' ||
      view.version !== 1 ||
      !(view.schools instanceof Map) ||
      !(view.index?.groupsByLead instanceof Map)
    ) {
      throw new Error('not a ledger view snapshot (kind ledger-view, version 1)');
    }
    yield* settlingParsedView(view);
    return view;
  },
};

function withoutIndex({ subjectOf: _index, ...view }: LedgerView & { subjectOf?: unknown }): LedgerView {
  return view;
}
