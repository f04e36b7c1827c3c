'use strict';
/**
 * City-wide compliance evaluation asOf a day for 5,000 groups.
 *   mode=seed      fills bench/.data/compliance-<groups>/ once with the demo seeder
 *   mode=evaluate  folds the ledger view once, then times evaluateCompliance (median of repeats)
 */
const { run } = require('../lib/child');
const { NotAvailableError } = require('../lib/dist');

run(async () => {
  throw new NotAvailableError('compliance: evaluateCompliance and the demo seeder are not built yet');
});
