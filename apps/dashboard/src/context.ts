/** What every view receives, and the small pieces of UI they share. */
import { ApiError, type Api } from './api';
import type { Session } from './auth';
import type { Directory } from './directory';
import { h, type Child } from './dom';
import type { LiveFeed } from './live';
import type { Route } from './router';
import { enumLabel, langTag, t } from './i18n';

export interface Ctx {
  readonly api: Api;
  readonly session: Session;
  readonly live: LiveFeed;
  /** Names for ids, kept current by the live feed. */
  readonly dir: Directory;
  readonly route: Route;
  /** Aborted when the user leaves the view: pending fetches stop, listeners go. */
  readonly signal: AbortSignal;
  cleanup(fn: () => void): void;
  navigate(hash: string): void;
}

export type View = (ctx: Ctx, root: HTMLElement) => Promise<void> | void;

export function fmtNum(n: unknown): string {
  const v = typeof n === 'number' ? n : Number(n);
  return Number.isFinite(v) ? new Intl.NumberFormat(langTag()).format(v) : '—';
}

/** An ISO instant shown as `YYYY-MM-DD HH:mm:ss` (UTC, so every reader sees the same text). */
export function fmtInstant(iso: unknown): string {
  if (typeof iso !== 'string' || !iso) return '—';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

export function fmtDay(day: unknown): string {
  return typeof day === 'string' && day ? day.slice(0, 10) : '—';
}

export function pill(kind: string, text?: string): HTMLElement {
  return h('span', { className: `pill pill-${kind.toLowerCase()}` }, text ?? enumLabel(kind));
}

export function card(title: Child, ...body: Child[]): HTMLElement {
  return h('section', { className: 'card' }, h('h2', {}, title), ...body);
}

export function loading(): HTMLElement {
  return h('p', { className: 'muted', testid: 'loading' }, t('loading'));
}

export function errorBox(err: unknown): HTMLElement {
  if (err instanceof ApiError && err.status === 403) {
    return h('div', { className: 'notice error', testid: 'forbidden' }, t('forbidden'));
  }
  if (err instanceof ApiError && err.status === 404) {
    return h('div', { className: 'notice', testid: 'not-found' }, t('notFound'));
  }
  const detail = err instanceof Error ? err.message : String(err);
  return h('div', { className: 'notice error', testid: 'error' }, h('strong', {}, t('error')), ' ', detail);
}

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

/** Reads a field from a loosely known object: the API's state shapes settle as they land. */
export function field(obj: unknown, ...names: string[]): unknown {
  if (!obj || typeof obj !== 'object') return undefined;
  const rec = obj as Record<string, unknown>;
  for (const n of names) if (rec[n] !== undefined && rec[n] !== null) return rec[n];
  return undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : undefined;
}

export function arr(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v && typeof v === 'object') return Object.values(v as Record<string, unknown>);
  return [];
}
