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
    const token = await mintToken({ role: 'recorder', jurisdiction: '430104', sub: 'rec-1', ttl: '8h' }, { dataDir });
    await expect(new TokenVerifier({ dataDir }).verify(token)).resolves.toEqual({ sub: 'rec-1', role: 'recorder', jurisdiction: '430104' });
  });

  it('refuses a token signed with another secret', async () => {
    const token = await mintToken({ role: 'admin' }, 'y'.repeat(40));
    await expect(new TokenVerifier({ dataDir }).verify(token)).rejects.toThrow(InvalidTokenError);
  });

  it('refuses bad claims when minting', async () => {
    await expect(mintToken({ role: 'recorder' }, { dataDir })).rejects.toThrow('jurisdiction');
    await expect(mintToken({ role: 'recorder', jurisdiction: '43010' }, { dataDir })).rejects.toThrow('district');
    await expect(mintToken({ role: 'root' as never }, { dataDir })).rejects.toThrow('role');
    await expect(mintToken({ role: 'admin', ttl: 'forever' }, { dataDir })).rejects.toThrow('ttl');
  });
});
