/**
 * The signed-in token (ADR 0062). Kept in sessionStorage (one tab, gone when it closes). The
 * dashboard decodes the JWT payload only to decide what to show; the API verifies the signature
 * and enforces every role itself.
 */
export type Role = 'admin' | 'recorder' | 'supervisor' | 'auditor' | 'viewer';
const ROLES: readonly Role[] = ['admin', 'recorder', 'supervisor', 'auditor', 'viewer'];

export interface Session {
  readonly token: string;
  readonly role: Role;
  readonly sub?: string;
  readonly jurisdiction?: string;
  /** Expiry in epoch seconds, when the token has one. */
  readonly exp?: number;
}

export type Page = 'overview' | 'findings' | 'group' | 'cooperation' | 'leads' | 'deadlines' | 'audit';

/** Which pages each role may open. The audit page is for auditors and admins only. */
const PAGES: Record<Role, readonly Page[]> = {
  admin: ['overview', 'findings', 'group', 'cooperation', 'leads', 'deadlines', 'audit'],
  auditor: ['overview', 'findings', 'group', 'cooperation', 'leads', 'deadlines', 'audit'],
  supervisor: ['overview', 'findings', 'group', 'cooperation', 'leads', 'deadlines'],
  recorder: ['overview', 'findings', 'group', 'cooperation', 'leads', 'deadlines'],
  viewer: ['overview', 'findings', 'group', 'cooperation', 'leads', 'deadlines'],
};

export function canSee(role: Role, page: Page): boolean {
  return PAGES[role].includes(page);
}

function base64UrlDecode(part: string): string {
  const b64 = part
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(part.length / 4) * 4, '=');
  const binary = atob(b64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

export type DecodeResult = { ok: true; session: Session } | { ok: false; reason: 'invalid' | 'expired' };

/** Reads a JWT's payload. `nowSeconds` is passed in so the check is testable. */
export function decodeToken(raw: string, nowSeconds: number): DecodeResult {
  const token = raw.trim().replace(/^Bearer\s+/i, '');
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)) || !parts[1]) {
    return { ok: false, reason: 'invalid' };
  }
  let payload: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(base64UrlDecode(parts[1]));
    if (!parsed || typeof parsed !== 'object') return { ok: false, reason: 'invalid' };
    payload = parsed as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const role = payload.role;
  if (typeof role !== 'string' || !ROLES.includes(role as Role)) return { ok: false, reason: 'invalid' };
  const exp = typeof payload.exp === 'number' ? payload.exp : undefined;
  if (exp !== undefined && exp <= nowSeconds) return { ok: false, reason: 'expired' };
  return {
    ok: true,
    session: {
      token,
      role: role as Role,
      sub: typeof payload.sub === 'string' ? payload.sub : undefined,
      jurisdiction: typeof payload.jurisdiction === 'string' ? payload.jurisdiction : undefined,
      exp,
    },
  };
}

const KEY = 'ledger.token';

export function loadSession(storage: Storage, nowSeconds: number): Session | undefined {
  const raw = storage.getItem(KEY);
  if (!raw) return undefined;
  const result = decodeToken(raw, nowSeconds);
  if (!result.ok) {
    storage.removeItem(KEY);
    return undefined;
  }
  return result.session;
}

export function saveSession(storage: Storage, session: Session): void {
  storage.setItem(KEY, session.token);
}

export function clearSession(storage: Storage): void {
  storage.removeItem(KEY);
}

/** Takes `#token=…` (the link the API prints) out of a location hash, if there is one. */
export function tokenFromHash(hash: string): string | undefined {
  const m = /(?:^#|[#&?])token=([^&]+)/.exec(hash);
  return m ? decodeURIComponent(m[1]) : undefined;
}
