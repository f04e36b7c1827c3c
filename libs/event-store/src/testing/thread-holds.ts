/**
 * How many worker threads' message ports keep this process alive. Node lists a referenced port
 * among the active resources (`process.getActiveResourcesInfo()`); `Worker.ref()` and `unref()`
 * move it, and so does adding a 'message' listener to the Worker (ADR 0186). A thread meant to be
 * idle and unreferenced adds nothing here.
 */
export function threadHolds(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;
}
