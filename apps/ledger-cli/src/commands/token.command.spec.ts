import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { TokenVerifier } from '@ledger/platform';
import { register } from './token.command';

describe('ledger-cli token', () => {
  let dataDir: string;
  let out: string;
  let write: jest.SpyInstance;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-cli-token-'));
    out = '';
    write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
  });
  afterEach(() => {
    write.mockRestore();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const run = async (...args: string[]) => {
    const program = new Command().exitOverride();
    register(program);
    await program.parseAsync(['node', 'ledger-cli', 'token', '--data-dir', dataDir, ...args]);
    return out.trim().split('\n').pop()!;
  };

  it('prints a district recorder token alone on its last line, accepted by the API verifier', async () => {
    const token = await run('--role', 'recorder', '--district', '430104', '--ttl', '8h');
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    await expect(new TokenVerifier({ dataDir }).verify(token)).resolves.toMatchObject({
      role: 'recorder',
      jurisdiction: '430104',
    });
  });

  it('makes a recorder without --district city-wide', async () => {
    const token = await run('--role', 'recorder');
    await expect(new TokenVerifier({ dataDir }).verify(token)).resolves.toMatchObject({
      jurisdiction: 'city',
    });
  });

  it('refuses an unknown role or a malformed district', async () => {
    await expect(run('--role', 'root')).rejects.toThrow('role');
    await expect(run('--role', 'recorder', '--district', '4301')).rejects.toThrow('district');
  });
});
