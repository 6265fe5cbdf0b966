import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError, type Diagnostic } from '../../src/ledger/diagnostics.js';
import { CONFIG_NAME, EMPTY_SETTINGS, findConfig, loadSettings } from '../../src/sources/config.js';
import { tempDir } from './helpers.js';

const root = tempDir();
let n = 0;

function configFile(text: string): string {
  const dir = join(root, `c${++n}`);
  mkdirSync(dir);
  const p = join(dir, CONFIG_NAME);
  writeFileSync(p, text);
  return p;
}

async function problems(text: string): Promise<{ exitCode: number; diagnostics: readonly Diagnostic[] }> {
  const e = await loadSettings(configFile(text)).catch((x: unknown) => x);
  if (!(e instanceof UserError)) throw new Error(`expected a UserError, got ${JSON.stringify(e)}`);
  return { exitCode: e.exitCode, diagnostics: e.diagnostics };
}

describe('loadSettings', () => {
  it('reads every setting: rates as canonical decimal strings, money as fen', async () => {
    const file = configFile(
      JSON.stringify({
        platform_fee_rate: '0.05',
        shipping_per_parcel: '3.20',
        packaging_per_parcel: '0.80',
        return_writeoff_rate: '10%',
      }),
    );
    expect(await loadSettings(file)).toEqual({
      file,
      settings: {
        platformFeeRate: '0.05',
        shippingPerParcel: 320,
        packagingPerParcel: 80,
        returnWriteoffRate: '0.1',
      },
    });
  });

  it('defaults: nothing set is null, return_writeoff_rate is "0"', async () => {
    const { settings } = await loadSettings(configFile('{}'));
    expect(settings).toEqual({
      platformFeeRate: null,
      shippingPerParcel: null,
      packagingPerParcel: null,
      returnWriteoffRate: '0',
    });
    expect(await loadSettings(null)).toEqual({ settings: EMPTY_SETTINGS, file: null });
    expect(EMPTY_SETTINGS.returnWriteoffRate).toBe('0');
  });

  it('tolerates a BOM (Notepad on Windows writes one)', async () => {
    const { settings } = await loadSettings(configFile('\ufeff{"platform_fee_rate": "0.06"}'));
    expect(settings.platformFeeRate).toBe('0.06');
  });

  it('accepts ¥ in money', async () => {
    const { settings } = await loadSettings(configFile('{"shipping_per_parcel": "¥3.5"}'));
    expect(settings.shippingPerParcel).toBe(350);
  });

  it.each([
    ['platform_fee_rate', '"1.5"', /rate between 0 and 1/],
    ['platform_fee_rate', '0.05', /string|expected/i],
    ['return_writeoff_rate', '"-0.1"', /rate between 0 and 1/],
    ['shipping_per_parcel', '"abc"', /amount in yuan/],
    ['packaging_per_parcel', '"0.805"', /amount in yuan/],
    ['shipping_per_parcel', '3.2', /string|expected/i],
    ['shipping_per_parcel', '"-3.20"', /amount in yuan \(0 or more\)/],
    ['packaging_per_parcel', '""', /amount in yuan/],
  ])('%s = %s is E_CONFIG naming the key', async (key, value, msg) => {
    const { exitCode, diagnostics } = await problems(`{"${key}": ${value}}`);
    expect(exitCode).toBe(1);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      severity: 'error',
      code: 'E_CONFIG',
      file: expect.stringContaining(CONFIG_NAME),
      message: expect.stringMatching(new RegExp(`^"${key}" `)),
      hint: expect.stringContaining('docs/rules.md'),
    });
    expect(diagnostics[0]!.message).toMatch(msg);
  });

  it('rejects unknown keys, naming them (a typo must not silently leave a setting unset)', async () => {
    const { diagnostics } = await problems('{"shipping_per_parcle": "3.20", "platform_fee_rate": "0.05"}');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'E_CONFIG',
      message: expect.stringContaining('shipping_per_parcle'),
    });
  });

  it('reports every bad key at once', async () => {
    const { diagnostics } = await problems('{"platform_fee_rate": "2", "shipping_per_parcel": "x"}');
    expect(diagnostics.map((d) => d.message.split(' ')[0])).toEqual([
      '"platform_fee_rate"',
      '"shipping_per_parcel"',
    ]);
  });

  it('invalid JSON is E_CONFIG', async () => {
    const { diagnostics } = await problems('{"platform_fee_rate": "0.05",}');
    expect(diagnostics[0]).toMatchObject({
      code: 'E_CONFIG',
      message: expect.stringContaining('not valid JSON'),
    });
  });

  it('JSON that is not an object is E_CONFIG', async () => {
    const { diagnostics } = await problems('["0.05"]');
    expect(diagnostics[0]).toMatchObject({ code: 'E_CONFIG' });
  });

  it('an unreadable file is E_CONFIG naming it', async () => {
    const missing = join(root, 'nowhere', CONFIG_NAME);
    const e = await loadSettings(missing).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).diagnostics[0]).toMatchObject({
      code: 'E_CONFIG',
      file: missing,
      message: 'cannot read the settings file',
    });
  });
});

describe('findConfig', () => {
  const cwd = process.cwd();
  afterEach(() => process.chdir(cwd));

  it('--config wins, even over a file in the current folder', async () => {
    const here = join(root, 'here');
    mkdirSync(here, { recursive: true });
    writeFileSync(join(here, CONFIG_NAME), '{}');
    expect(await findConfig('/etc/custom.json', [], here)).toBe('/etc/custom.json');
    expect(await findConfig(undefined, [], here)).toBe(join(here, CONFIG_NAME));
  });

  it('then the current folder, before the first PATH folder', async () => {
    const here = join(root, 'here2');
    const data = join(root, 'data2');
    mkdirSync(here, { recursive: true });
    mkdirSync(data, { recursive: true });
    writeFileSync(join(here, CONFIG_NAME), '{}');
    writeFileSync(join(data, CONFIG_NAME), '{}');
    expect(await findConfig(undefined, [data], here)).toBe(join(here, CONFIG_NAME));
  });

  it('then the first PATH folder (or the folder of a first PATH file), never a later one', async () => {
    const empty = join(root, 'empty-cwd');
    const first = join(root, 'first');
    const second = join(root, 'second');
    for (const d of [empty, first, second]) mkdirSync(d, { recursive: true });
    writeFileSync(join(first, CONFIG_NAME), '{}');
    writeFileSync(join(first, 'orders.csv'), '');
    writeFileSync(join(second, CONFIG_NAME), '{}');
    process.chdir(empty);
    expect(await findConfig(undefined, [first, second])).toBe(join(first, CONFIG_NAME));
    expect(await findConfig(undefined, [join(first, 'orders.csv')])).toBe(join(first, CONFIG_NAME));
    expect(await findConfig(undefined, [empty, second])).toBeNull();
    expect(await findConfig(undefined, [])).toBeNull();
  });
});
