'use strict';
/**
 * Jest's global teardown for every tier: after the tests, whatever still keeps this process alive
 * (a worker thread's referenced port, a server, a child process, a timer) would make Jest wait
 * forever ("Jest did not exit one second after the test run has completed"), which is how CI ran
 * into its time limit at stop 33 (ADR 0186). Such a leak fails the run here instead, naming what is
 * left, once it has had `GRACE_MS` to go away (a connection closing, a thread ending). In band
 * (Jest's choice on two cores) the tests ran in this process; with Jest's own worker processes the
 * leaks are theirs and Jest ends them, so there is nothing to see here. Node does not list every
 * holder: a referenced worker thread with no 'message' listener shows nowhere (its port is not
 * referenced), so such a leak still hangs the run; every thread in this project listens.
 */
const GRACE_MS = 30_000;
// Standard streams show up while a write to a pipe is in flight; they never hold the process.
const STDIO = new Set(['PipeWrap', 'TTYWrap']);

const holding = () => process.getActiveResourcesInfo().filter((r) => !STDIO.has(r));

module.exports = async () => {
  const until = Date.now() + GRACE_MS;
  while (holding().length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  const left = holding();
  if (left.length === 0) return;
  const counts = {};
  for (const r of left) counts[r] = (counts[r] ?? 0) + 1;
  process.stderr.write(
    `\nopen-handles.teardown: ${GRACE_MS / 1000} s after the last test, still keeping the process alive: ` +
      `${JSON.stringify(counts)}. A test left a thread, server, child process or timer behind ` +
      '(run the tier with --detectOpenHandles to find it; ADR 0186). Failing instead of waiting forever.\n',
  );
  process.exit(1);
};
