/**
 * The dashboard talks to the API only (DESIGN.md layout): `/api/v1` on the same origin, bearer
 * token on every request, RFC 9457 problem documents turned into ApiError.
 */
export const API_BASE = '/api/v1';

export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

export type Params = Record<string, string | number | undefined | null>;

export function buildUrl(path: string, params: Params = {}): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    qs.set(k, String(v));
  }
  const q = qs.toString();
  return `${API_BASE}${path}${q ? `?${q}` : ''}`;
}

export interface Api {
  get<T = unknown>(path: string, params?: Params, signal?: AbortSignal): Promise<T>;
}

export function createApi(getToken: () => string | undefined, onUnauthorized: () => void): Api {
  return {
    async get<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
      const token = getToken();
      const res = await fetch(buildUrl(path, params), {
        headers: { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        signal,
      });
      if (res.status === 401) onUnauthorized();
      if (!res.ok) {
        let problem: Problem = { status: res.status, title: res.statusText };
        try {
          problem = (await res.json()) as Problem;
        } catch {
          /* not a problem document: keep the status line */
        }
        throw new ApiError(res.status, problem);
      }
      return (await res.json()) as T;
    },
  };
}

/** A list answer `{ items, total, nextCursor? }`; tolerates a bare array. */
export interface List<T> {
  readonly items: T[];
  readonly total: number;
  readonly nextCursor?: string;
}

export function asList<T>(value: unknown): List<T> {
  if (Array.isArray(value)) return { items: value as T[], total: value.length };
  const v = (value ?? {}) as { items?: unknown; total?: unknown; nextCursor?: unknown };
  const items = Array.isArray(v.items) ? (v.items as T[]) : [];
  const total = typeof v.total === 'number' ? v.total : Number(v.total ?? items.length) || items.length;
  return { items, total, nextCursor: typeof v.nextCursor === 'string' ? v.nextCursor : undefined };
}

/** One subject `{ id, state, findings, revision, asOf, knownAt }`. */
export interface Subject<S = Record<string, unknown>> {
  readonly id: string;
  readonly state: S | null;
  readonly findings: Finding[];
  readonly revision?: string | number | null;
  readonly asOf?: string;
  readonly knownAt?: string | null;
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: 'violation' | 'warning' | 'advisory' | string;
  readonly subject: { type: string; id: string };
  readonly clause: string;
  readonly message: { zh: string; en: string } | string;
  readonly since: string;
  readonly evidence?: string[];
  readonly status: 'OPEN' | 'RESOLVED' | 'EXCEPTED' | string;
  readonly resolvedOn?: string;
  readonly districtCode?: string;
  readonly subjectName?: string;
}

/** Every item of a paged list that `allPages` fetched, and whether it reached the last page. */
export interface AllPages<T> {
  readonly items: T[];
  readonly total: number;
  readonly complete: boolean;
}

/**
 * Every item of a paged list, following `nextCursor` page by page, at most `maxPages` pages
 * (`complete` false when it stopped there): a group's history comes 1,000 entries a page, and
 * a busy group has several thousand.
 */
export async function allPages<T>(
  api: Api,
  path: string,
  params: Params,
  maxPages: number,
  signal?: AbortSignal,
): Promise<AllPages<T>> {
  const items: T[] = [];
  let total = 0;
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const list = asList<T>(await api.get(path, { ...params, cursor }, signal));
    items.push(...list.items);
    total = list.total;
    cursor = list.nextCursor;
    if (!cursor) return { items, total, complete: true };
  }
  return { items, total, complete: false };
}
