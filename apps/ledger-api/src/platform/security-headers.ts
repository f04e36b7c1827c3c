import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/** What helmet's middleware does to every answer: the headers it sets and those it removes. */
export interface SecurityHeaders {
  readonly set: Readonly<Record<string, string>>;
  readonly removed: readonly string[];
}

/**
 * Runs helmet's middleware, built with `options`, once against a recording response and returns
 * what it did (ADR 0121). Helmet's headers depend on its options only (no nonce, nothing read from
 * the request: this is checked by running it against two different requests), so every answer
 * gets the same ones, set through Fastify's reply: Node then writes them with the other headers in
 * one pass instead of validating each one in `setHeader` and again in `writeHead`.
 */
export function securityHeadersOf(options: Parameters<typeof helmet>[0]): SecurityHeaders {
  const middleware = helmet(options);
  const record = (url: string): SecurityHeaders => {
    const set: Record<string, string> = {};
    const removed: string[] = [];
    const res = {
      setHeader(name: string, value: unknown) {
        set[name.toLowerCase()] = String(value);
        return res;
      },
      removeHeader(name: string) {
        delete set[name.toLowerCase()];
        removed.push(name);
      },
    };
    let done = false;
    const req = { url, method: 'GET', headers: { host: 'ledger.invalid' } } as unknown as IncomingMessage;
    middleware(req, res as unknown as ServerResponse, (err?: unknown) => {
      if (err) throw err instanceof Error ? err : new Error(String(err));
      done = true;
    });
    if (!done) throw new Error('helmet did not answer synchronously: its headers cannot be computed once');
    return { set, removed };
  };
  const headers = record('/');
  if (JSON.stringify(record('/api/v1/x?y=1')) !== JSON.stringify(headers))
    throw new Error('helmet answered differently for two requests: its headers cannot be computed once');
  return headers;
}

/** Helmet's defaults, with a CSP that lets the dashboard (same origin) run. */
export const HELMET_OPTIONS: Parameters<typeof helmet>[0] = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'unsafe-inline'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      connectSrc: ["'self'"],
      // The ledger is often served over plain HTTP inside a bureau's network: do not upgrade.
      upgradeInsecureRequests: null,
    },
  },
};

/** The ledger's security headers (helmet with HELMET_OPTIONS), computed once. */
export const SECURITY_HEADERS: SecurityHeaders = securityHeadersOf(HELMET_OPTIONS);
