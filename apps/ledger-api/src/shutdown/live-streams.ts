/**
 * Long-lived responses (SSE) register here, per HTTP server, so a shutdown can end them: an open
 * stream would otherwise keep `server.close()` waiting forever. Ending is cooperative: each stream
 * gives the function that finishes it cleanly (the client's EventSource then reconnects elsewhere
 * with Last-Event-ID).
 */
const streams = new WeakMap<object, Set<() => void>>();

/** Registers `end` for the server (e.g. `request.raw.socket.server`); returns the unregister function. */
export function trackLiveStream(server: object, end: () => void): () => void {
  let set = streams.get(server);
  if (!set) streams.set(server, (set = new Set()));
  set.add(end);
  return () => void set.delete(end);
}

/** Ends every live stream of the server; returns how many there were. */
export function endLiveStreams(server: object): number {
  const set = streams.get(server);
  if (!set) return 0;
  const ends = [...set];
  set.clear();
  for (const end of ends) {
    try {
      end();
    } catch {
      // a stream whose socket is already gone: nothing to end
    }
  }
  return ends.length;
}
