import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InvalidTokenError, TokenVerifier, mintToken, resolveJwtSecret } from './tokens';

describe('tokens', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-tokens-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('generates the secret into the data dir once (mode 0600) and reuses it', () => {
    const first = resolveJwtSecret({ dataDir });
    const file = path.join(dataDir, 'jwt-secret');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(resolveJwtSecret({ dataDir })).equals(Buffer.from(first))).toBe(true);
  });

  it('prefers LEDGER_JWT_SECRET and writes no file then', () => {
    resolveJwtSecret({ dataDir, jwtSecret: 'x'.repeat(40) });
    expect(fs.existsSync(path.join(dataDir, 'jwt-secret'))).toBe(false);
  });

  it('mints a token the verifier accepts, with role, jurisdiction and subject', async () => {
    const token = await mintToken(
      { role: 'recorder', jurisdiction: '430104', sub: 'rec-1', ttl: '8h' },
      { dataDir },
    );
    await expect(new TokenVerifier({ dataDir }).verify(token)).resolves.toEqual({
      sub: 'rec-1',
      role: 'recorder',
      jurisdiction: '430104',
    });
  });

  it('refuses a token signed with another secret', async () => {
    const token = await mintToken({ role: 'admin' }, 'y'.repeat(40));
    await expect(new TokenVerifier({ dataDir }).verify(token)).rejects.toThrow(InvalidTokenError);
  });

  it('refuses bad claims when minting', async () => {
    await expect(mintToken({ role: 'recorder' }, { dataDir })).rejects.toThrow('jurisdiction');
    await expect(mintToken({ role: 'recorder', jurisdiction: '43010' }, { dataDir })).rejects.toThrow(
      'district',
    );
    await expect(mintToken({ role: 'root' as never }, { dataDir })).rejects.toThrow('role');
    await expect(mintToken({ role: 'admin', ttl: 'forever' }, { dataDir })).rejects.toThrow('ttl');
  });

  it('answers a token it verified before from its cache, and still refuses it once it expired', async () => {
    const verifier = new TokenVerifier({ dataDir });
    const token = await mintToken({ role: 'auditor', sub: 'aud-1', ttl: 60 }, { dataDir });
    const claims = { sub: 'aud-1', role: 'auditor' };
    await expect(verifier.verify(token)).resolves.toEqual(claims);
    await expect(verifier.verify(token)).resolves.toEqual(claims);
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      jest.setSystemTime(Date.now() + 61_000);
      await expect(verifier.verify(token)).rejects.toThrow('token expired');
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('tokens from a JWKS (city SSO)', () => {
  it('accepts an RS256 token signed by a key of the JWKS and refuses one signed by another key', async () => {
    const http = await import('node:http');
    const { SignJWT, exportJWK, generateKeyPair } = await import('jose');
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const other = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const server = http.createServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-jwks-'));
    try {
      const verifier = new TokenVerifier({ dataDir, jwksUrl: `http://127.0.0.1:${port}/jwks.json` });
      const sign = (key: typeof privateKey) =>
        new SignJWT({ role: 'supervisor' })
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setSubject('sso-user-9')
          .setExpirationTime('1h')
          .sign(key);
      await expect(verifier.verify(await sign(privateKey))).resolves.toEqual({
        sub: 'sso-user-9',
        role: 'supervisor',
      });
      await expect(verifier.verify(await sign(other.privateKey))).rejects.toThrow(InvalidTokenError);
    } finally {
      server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
