import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROLES } from '@ledger/domain';
import { TokenVerifier, loadConfig } from '@ledger/platform';
import { firstStartBanner } from './first-start';

describe('the first start banner', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-first-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('prints one working token per role and the dashboard link, once per data dir', async () => {
    const config = loadConfig({ LEDGER_DATA_DIR: dataDir });
    const banner = await firstStartBanner(config, 3000);
    const verifier = new TokenVerifier(config);
    for (const role of ROLES) {
      const token = new RegExp(`^\\s+${role}\\s+(\\S+)$`, 'm').exec(banner!)![1];
      await expect(verifier.verify(token)).resolves.toMatchObject({ role });
    }
    expect(banner).toMatch(/http:\/\/localhost:3000\/#token=\S+/);
    await expect(firstStartBanner(config, 3000)).resolves.toBeUndefined();
  });

  it('prints nothing when LEDGER_PRINT_TOKENS=false', async () => {
    await expect(
      firstStartBanner(loadConfig({ LEDGER_DATA_DIR: dataDir, LEDGER_PRINT_TOKENS: 'false' }), 3000),
    ).resolves.toBeUndefined();
  });
});
