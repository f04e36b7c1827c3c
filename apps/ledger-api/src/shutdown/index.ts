export { endLiveStreams, trackLiveStream } from './live-streams';
export { RETRY_AFTER_SECONDS, ShutdownGate, attachShutdownGate, shutdownGateOf } from './shutdown-gate';
export {
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  MAX_DRAIN_MS,
  drainMsFor,
  installGracefulShutdown,
  shutDown,
  shutdownTimeoutMs,
  type ShutdownOptions,
} from './graceful-shutdown';
