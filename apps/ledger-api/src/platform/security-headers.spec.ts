import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';
import { HELMET_OPTIONS, SECURITY_HEADERS, securityHeadersOf } from './security-headers';

/** What helmet's middleware leaves on a real Node response. */
function helmetOnRealResponse(options: Parameters<typeof helmet>[0], url: string) {
  const req = new IncomingMessage(new Socket());
  req.url = url;
  req.method = 'GET';
  const res = new ServerResponse(req);
  res.setHeader('X-Powered-By', 'something');
  helmet(options)(req, res, () => undefined);
  return res.getHeaders();
}

describe('security headers (ADR 0121)', () => {
  it('are the headers helmet sets, for the ledger’s options and helmet’s defaults', () => {
    for (const options of [HELMET_OPTIONS, {}, { contentSecurityPolicy: false, hsts: { maxAge: 5 } }]) {
      const computed = options === HELMET_OPTIONS ? SECURITY_HEADERS : securityHeadersOf(options);
      for (const url of ['/', '/api/v1/groups/x?asOf=2024-01-01']) {
        const real = helmetOnRealResponse(options, url);
        expect(computed.set).toEqual(real);
        expect(computed.removed.map((n) => n.toLowerCase())).toContain('x-powered-by');
      }
    }
    expect(SECURITY_HEADERS.set['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
  });
});
