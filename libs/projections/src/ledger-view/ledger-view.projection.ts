import {
  applyEvent,
  deserializeLedgerView,
  emptyLedgerView,
  settlingParsedView,
  serializeLedgerView,
  type Fact,
  type LedgerView,
  type RetractionFact,
} from '@ledger/domain';
import type { ReadModel } from '../runner/read-model';
import { restoringParts, snapshotParts, snapshotPartsFrom } from '../runner/snapshot-parts';

export const LEDGER_VIEW = 'ledger-view';

/**
 * Per-subject facts of the whole city (the domain's bitemporal ledger view): every other query
 * (subject state, footprint, deadlines, time travel) derives from it. Because the view keeps each
 * fact's valid day, position and recording instant, `asOf`/`knownAt` answers come from this one
 * fold without replaying the store (see ADR 0051).
 *
 * Snapshots are chunked (ADR 0095): a header and parts of at most 1,000 map entries or ~256 Ki
 * characters each (ADR 0183), never one JSON string of the whole view (~400 MB at 1M events, past
 * V8's string limit at ~1.3M). The view keeps no
 * index of every event id (ADR 0177; before it, the snapshot left that index out and the restore
 * made it again, ADR 0173): the restore only notes where the retracted facts are, and shares the
 * catalogue's type strings (`settlingParsedView`).
 *
 * A live snapshot cuts the view's parts while the fold goes on (ADR 0179, `snapshotPartsWhileFolding`):
 * the view only grows, so the view as it was is every fact and retraction up to its last position.
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
  snapshotPartsWhileFolding: partsAsNow,
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

/**
 * The view's parts as it is now, still right when later events are folded between two parts (ADR
 * 0179). `applyEvent` only adds to the view: a fact joins its subject's list (at its place in (valid
 * day, position) order, possibly before older facts) and never leaves it, a subject or a retraction
 * joins the end of its Map, and no fact changes once folded. So the view at its last position `at`
 * is every list's facts with `pos <= at` (subjects whose facts all came later left out) and the
 * retractions with `pos <= at`, in the same order. The index's lists of ids have no position to tell
 * them apart, but they only grow at their end (`addToIndex`) and its Maps only at theirs: the index
 * as it is now is each Map's first entries, each list cut at its length now, noted on the call (a
 * copy of its ~30,000 lists held the fold ~130 ms at a million events; ADR 0181).
 */
function partsAsNow(view: LedgerView): IterableIterator<string> {
  const at = view.lastPosition === null ? 0 : Number(view.lastPosition);
  const lengthsNow = new Map<object, Uint32Array>();
  for (const m of Object.values(view.index) as Array<Map<string, string[]>>) {
    const lengths = new Uint32Array(m.size);
    let i = 0;
    m.forEach((ids) => (lengths[i++] = ids.length));
    lengthsNow.set(m, lengths);
  }
  return snapshotPartsFrom(view, (m) => {
    const lengths = lengthsNow.get(m);
    if (lengths) return indexUpTo(m as Map<string, string[]>, lengths);
    if (m === view.retractions) return retractionsUpTo(view.retractions, at);
    return factsUpTo(m as Map<string, Fact[]>, at);
  });
}

function* indexUpTo(index: Map<string, string[]>, lengths: Uint32Array): Generator<[string, string[]]> {
  let i = 0;
  for (const [key, ids] of index) {
    if (i === lengths.length) return; // keys added since
    const n = lengths[i++];
    yield [key, ids.length === n ? ids : ids.slice(0, n)];
  }
}

function* factsUpTo(lists: Map<string, Fact[]>, at: number): Generator<[string, Fact[]]> {
  // Read live: subjects added meanwhile come at the end, every fact of theirs after `at`.
  for (const [id, list] of lists) {
    let later = 0;
    for (let i = 0; i < list.length; i++) if (list[i].pos > at) later++;
    if (later === 0) yield [id, list];
    else if (later < list.length) yield [id, list.filter((f) => f.pos <= at)];
  }
}

function* retractionsUpTo(
  retractions: Map<string, RetractionFact>,
  at: number,
): Generator<[string, RetractionFact]> {
  for (const entry of retractions) if (entry[1].pos <= at) yield entry;
}
