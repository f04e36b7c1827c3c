import { cityComplianceProjection } from './city-compliance/city-compliance.projection';
import { ledgerViewProjection } from './ledger-view/ledger-view.projection';
import type { ReadModel } from './runner/read-model';

/**
 * The folds the runner keeps, in the order they run for each event (compliance reads the
 * ledger view after the event was applied). Footprint, deadlines, dashboard figures and
 * histories are queries over these two states.
 */
export function allReadModels(): ReadModel<unknown>[] {
  return [ledgerViewProjection, cityComplianceProjection] as ReadModel<unknown>[];
}
