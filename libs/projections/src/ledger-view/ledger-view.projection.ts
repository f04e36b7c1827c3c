import { applyEvent, deserializeLedgerView, emptyLedgerView, serializeLedgerView, type LedgerView } from '@ledger/domain';
import type { ReadModel } from '../runner/read-model';

export const LEDGER_VIEW = 'ledger-view';

/**
 * Per-subject facts of the whole city (the domain's bitemporal ledger view): every other query
 * (subject state, footprint, deadlines, time travel) derives from it. Because the view keeps each
 * fact's valid day, position and recording instant, `asOf`/`knownAt` answers come from this one
 * fold without replaying the store (see ADR 0051).
 */
export const ledgerViewProjection: ReadModel<LedgerView> = {
  name: LEDGER_VIEW,
  version: 1,
  initialState: emptyLedgerView,
  apply: (view, event) => applyEvent(view, event),
  serialize: serializeLedgerView,
  deserialize: deserializeLedgerView,
};
