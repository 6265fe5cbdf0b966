import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/ledger/diagnostics.js';
import { listInputs } from '../../src/sources/inputs.js';
import { tempDir } from './helpers.js';

const root = tempDir();

function touch(...parts: string[]): string {
  const p = join(root, ...parts);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, 'date,spend\n');
  return p;
}

const shop = join(root, 'shop');
touch('shop', 'b_orders.csv');
touch('shop', 'a_orders.csv');
touch('shop', 'B_upper.csv');
touch('shop', 'ads', '2026-09.csv');
touch('shop', 'ads', '2026-10.CSV');
touch('shop', 'ads', 'deep', 'x.csv');
touch('shop', 'zz', 'last.csv');
touch('shop', '.hidden.csv');
touch('shop', '.git', 'inside.csv');
touch('shop', 'roi-ledger.json');
touch('shop', 'notes.md');
touch('shop', '订单.xlsx');
touch('shop', 'ledger.zip');
touch('shop', 'old.xls');
touch('shop', 'unicode.txt');
touch('shop', 'tabs.tsv');

const rel = (files: readonly string[]) => files.map((f) => relative(shop, f));

describe('listInputs', () => {
  it('recurses into folders in sorted order (code-unit order, folders where they sort)', async () => {
    const { files } = await listInputs([shop]);
    expect(rel(files)).toEqual([
      'B_upper.csv',
      'a_orders.csv',
      'ads/2026-09.csv',
      'ads/2026-10.CSV',
      'ads/deep/x.csv',
      'b_orders.csv',
      'zz/last.csv',
    ]);
  });

  it('skips hidden files and folders, and other files silently', async () => {
    const { files, notRead } = await listInputs([shop]);
    const all = [...rel(files), ...notRead.map((d) => relative(shop, d.file!))].join(' ');
    expect(all).not.toContain('.hidden');
    expect(all).not.toContain('.git');
    expect(all).not.toContain('roi-ledger.json');
    expect(all).not.toContain('notes.md');
  });

  it('lists .xlsx, .xls, .zip, .txt and .tsv files as not read, with a hint', async () => {
    const { notRead } = await listInputs([shop]);
    expect(notRead.map((d) => relative(shop, d.file!))).toEqual([
      'ledger.zip',
      'old.xls',
      'tabs.tsv',
      'unicode.txt',
      '订单.xlsx',
    ]);
    for (const d of notRead)
      expect(d).toMatchObject({
        severity: 'warning',
        code: 'W_NOT_READ',
        message: expect.stringContaining('only .csv'),
        hint: expect.stringContaining('CSV'),
      });
  });

  it('reads a file named on the command line whatever its extension', async () => {
    const xlsx = join(shop, '订单.xlsx');
    const { files, notRead } = await listInputs([xlsx]);
    expect(files).toEqual([xlsx]);
    expect(notRead).toEqual([]);
  });

  it('keeps the order of the paths given, each folder sorted inside', async () => {
    const { files } = await listInputs([join(shop, 'zz'), join(shop, 'ads')]);
    expect(rel(files)).toEqual(['zz/last.csv', 'ads/2026-09.csv', 'ads/2026-10.CSV', 'ads/deep/x.csv']);
  });

  it('reads a file named twice (directly and through its folder) once', async () => {
    const { files } = await listInputs([join(shop, 'ads'), join(shop, 'ads', '2026-09.csv')]);
    expect(rel(files)).toEqual(['ads/2026-09.csv', 'ads/2026-10.CSV', 'ads/deep/x.csv']);
  });

  it('reads it once however the path is spelled', async () => {
    const { files } = await listInputs([
      join(shop, 'ads'),
      `${shop}/ads/./2026-09.csv`,
      `${shop}//ads/2026-09.csv`,
    ]);
    expect(rel(files)).toEqual(['ads/2026-09.csv', 'ads/2026-10.CSV', 'ads/deep/x.csv']);
  });

  it('a missing path is a usage error (exit 2) naming it', async () => {
    const missing = join(root, 'no-such-folder');
    const e = await listInputs([shop, missing]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).exitCode).toBe(2);
    expect((e as UserError).diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'E_IO',
        message: `no such file or folder: ${missing}`,
      }),
    ]);
  });

  it('an empty folder gives no files', async () => {
    mkdirSync(join(root, 'empty'));
    expect(await listInputs([join(root, 'empty')])).toEqual({ files: [], notRead: [] });
  });
});
