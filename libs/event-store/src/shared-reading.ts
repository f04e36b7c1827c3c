/**
 * Makes `read` (a reading of the global log up to its head) shared by concurrent callers: a call
 * while a reading runs waits for it to end, then shares the reading begun after it, so that it
 * also sees what was written after the running reading looked at the head. Every caller during a
 * reading shares that one next reading (before, each read again in turn once the running one
 * ended: a reading per caller). A caller during a reading that fails gets its error. The subject
 * directory and the audit log's catch-up use it (ADRs 0143, 0149).
 */
export function sharedReading(read: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  const start = (): Promise<void> =>
    (running = read().finally(() => {
      running = undefined;
    }));
  // The first caller to go on after a reading begins the next one; the others share it.
  return () => (running ? running.then(() => running ?? start()) : start());
}
