import { canSee, decodeToken, tokenFromHash } from './auth';

function jwt(payload: Record<string, unknown>): string {
  const b64 = (o: unknown) =>
    btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}.c2lnbmF0dXJl`;
}

describe('signing in with a token', () => {
  const now = 1_800_000_000;

  it('reads role, subject, jurisdiction and expiry from the payload', () => {
    const result = decodeToken(
      jwt({ role: 'recorder', sub: 'wang', jurisdiction: '430104', exp: now + 60 }),
      now,
    );
    expect(result).toEqual({
      ok: true,
      session: expect.objectContaining({
        role: 'recorder',
        sub: 'wang',
        jurisdiction: '430104',
        exp: now + 60,
      }),
    });
  });

  it('accepts a pasted "Bearer …" value and surrounding blanks', () => {
    const token = jwt({ role: 'viewer', sub: 'v' });
    const result = decodeToken(`  Bearer ${token}\n`, now);
    expect(result.ok && result.session.token).toBe(token);
  });

  it('refuses an expired token, an unknown role and text that is no JWT', () => {
    expect(decodeToken(jwt({ role: 'admin', exp: now - 1 }), now)).toEqual({ ok: false, reason: 'expired' });
    expect(decodeToken(jwt({ role: 'root' }), now)).toEqual({ ok: false, reason: 'invalid' });
    expect(decodeToken('hello', now)).toEqual({ ok: false, reason: 'invalid' });
    expect(decodeToken('a.!!!.c', now)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('takes the token out of the #token= link the API prints', () => {
    expect(tokenFromHash('#token=abc.def.ghi')).toBe('abc.def.ghi');
    expect(tokenFromHash('#/overview')).toBeUndefined();
  });
});

describe('what each role may see', () => {
  it('shows the audit page to auditors and admins only', () => {
    expect(canSee('auditor', 'audit')).toBe(true);
    expect(canSee('admin', 'audit')).toBe(true);
    expect(canSee('viewer', 'audit')).toBe(false);
    expect(canSee('recorder', 'audit')).toBe(false);
    expect(canSee('supervisor', 'audit')).toBe(false);
  });
  it('shows the overview to every role', () => {
    for (const role of ['admin', 'recorder', 'supervisor', 'auditor', 'viewer'] as const)
      expect(canSee(role, 'overview')).toBe(true);
  });
});
