/**
 * The live feed (ADR 0063): one EventSource on `GET /api/v1/stream?access_token=…` for the
 * whole session (EventSource cannot send headers, hence the query token). It counts the
 * `ledger-event` and `finding` messages and tells subscribed views, which refetch what they show.
 */
import { API_BASE } from './api';

export type LiveStatus = 'connecting' | 'live' | 'offline';
export type LiveKind = 'ledger-event' | 'finding';

export interface LiveMessage {
  readonly kind: LiveKind;
  readonly data: unknown;
}

export interface LiveFeed {
  readonly events: number;
  readonly findings: number;
  readonly status: LiveStatus;
  readonly last?: LiveMessage;
  subscribe(fn: (msg: LiveMessage | null) => void): () => void;
  close(): void;
}

function parse(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

export function openLiveFeed(token: string): LiveFeed {
  const listeners = new Set<(msg: LiveMessage | null) => void>();
  const state = {
    events: 0,
    findings: 0,
    status: 'connecting' as LiveStatus,
    last: undefined as LiveMessage | undefined,
  };
  const notify = (msg: LiveMessage | null) => {
    for (const fn of listeners) fn(msg);
  };
  const source = new EventSource(`${API_BASE}/stream?access_token=${encodeURIComponent(token)}`);
  source.onopen = () => {
    state.status = 'live';
    notify(null);
  };
  source.onerror = () => {
    // EventSource reconnects by itself; show the gap meanwhile.
    state.status = source.readyState === EventSource.CLOSED ? 'offline' : 'connecting';
    notify(null);
  };
  const on = (kind: LiveKind) => (ev: MessageEvent<string>) => {
    if (kind === 'ledger-event') state.events++;
    else state.findings++;
    state.status = 'live';
    state.last = { kind, data: parse(ev.data) };
    notify(state.last);
  };
  source.addEventListener('ledger-event', on('ledger-event') as EventListener);
  source.addEventListener('finding', on('finding') as EventListener);
  return {
    get events() {
      return state.events;
    },
    get findings() {
      return state.findings;
    },
    get status() {
      return state.status;
    },
    get last() {
      return state.last;
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    close() {
      source.close();
      listeners.clear();
    },
  };
}
