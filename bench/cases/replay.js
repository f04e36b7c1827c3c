'use strict';
/**
 * Replay into all read models.
 *   mode=seed    fills bench/.data/replay-<events>/ once with the demo seeder (≈ `events` events)
 *   mode=replay  opens that store in this fresh process and rebuilds every read model from 0
 */
const { run } = require('../lib/child');
const { NotAvailableError } = require('../lib/dist');

run(async () => {
  throw new NotAvailableError('replay: the demo seeder and the read models are not built yet');
});
