import { linkSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { refuseOutputOverInput } from '../../src/commands/shared.js';
import { UserError } from '../../src/ledger/diagnostics.js';

const dir = mkdtempSync(join(tmpdir(), 'roi-shared-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'orders.csv'), 'x\n');
writeFileSync(join(dir, 'roi-ledger.json'), '{}\n');
writeFileSync(join(dir, 'other.csv'), 'y\n');
const run = { files: [{ file: 'orders.csv' }], configFile: join(dir, 'roi-ledger.json') };

async function refusal(output: string): Promise<UserError | null> {
  try {
    await refuseOutputOverInput(output, dir, run);
    return null;
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
}

describe('refuseOutputOverInput (bad-inputs I-6)', () => {
  it('lets a new file or an unrelated existing one through', async () => {
    expect(await refusal('report.csv')).toBeNull();
    expect(await refusal('other.csv')).toBeNull();
  });

  it.each(['orders.csv', './orders.csv', join(dir, 'orders.csv'), 'roi-ledger.json'])(
    'refuses %j: an input by another spelling, or the settings file',
    async (output) => {
      const e = await refusal(output);
      expect(e?.exitCode).toBe(2);
      expect(e?.diagnostics[0]).toMatchObject({
        code: 'E_IO',
        message: expect.stringMatching(/is an input file/),
      });
    },
  );

  it('refuses a hard link to an input, and any symbolic link', async () => {
    linkSync(join(dir, 'orders.csv'), join(dir, 'hard.csv'));
    symlinkSync(join(dir, 'other.csv'), join(dir, 'soft.csv'));
    expect((await refusal('hard.csv'))?.diagnostics[0]?.message).toMatch(/is an input file \(orders\.csv\)/);
    expect((await refusal('soft.csv'))?.diagnostics[0]?.message).toMatch(/symbolic link/);
  });
});
