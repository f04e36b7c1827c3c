/**
 * Makes `read` (a reading of the global log up to its head) shared by concurrent callers: a call
 * while a reading runs waits for it, then reads again, so that it also sees what was written after
 * that reading looked at the head. The subject directory and the audit log's catch-up use it
 * (ADRs 0143, 0149).
 */
export function sharedReading(read: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  const call = async (): Promise<void> => {
    if (!running) {
      running = read().finally(() => {
        running = undefined;
      });
      return running;
    }
    await running;
    return call();
  };
  return call;
}
