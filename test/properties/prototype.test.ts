/**
 * (10) Prototype safety: the project's own CSV files with extra columns whose header names (and
 * cells) come from fast-check strings and from the names that pollute prototypes (`__proto__`,
 * `constructor`, `toString`, `hasOwnProperty`, `prototype`, …) leave Object.prototype as it was,
 * give the same report as the files without those columns, and `check --verbose` lists each of them
 * as a column not used.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isSummaryWord } from '../../src/sources/cells.js';
import { normalizeHeader } from '../../src/sources/load.js';
import { FORMATS } from '../../src/sources/registry.js';
import { runCli } from '../helpers/cli.js';
import { readTable, writeTable } from './rewrite.js';
import { reportFiles } from './run.js';
import { csvNames, shopArb, shopFiles, writeFiles } from './shop.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`prototype.test.ts fast-check seed ${seed} (replay with FC_SEED=${seed})`);
// Each run writes the shop twice and runs the pipeline three times (two reports, one `check`): ~80 ms,
// so 100 runs rather than 200.
const numRuns = 100;

const tmp = mkdtempSync(join(tmpdir(), 'roi-ledger-prototype-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const POLLUTERS = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'prototype',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  '__defineGetter__',
  '__lookupSetter__',
  '__proto__.polluted',
  'constructor.prototype.polluted',
  'polluted',
] as const;

/** Every column any format reads: an extra column with one of these names would be read, not ignored. */
const KNOWN = new Set(
  FORMATS.flatMap((f) => [...f.identify, ...f.required, ...f.optional, ...f.amountColumns].flat()),
);

const textArb = fc.oneof(
  fc.constantFrom(...POLLUTERS),
  fc.string({ minLength: 1, maxLength: 16 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }),
);

const extraArb = fc.record({
  name: textArb,
  at: fc.nat(),
  values: fc.array(fc.oneof(textArb, fc.constantFrom('{"__proto__":{"polluted":1}}', '', '-', '=1+1')), {
    minLength: 1,
    maxLength: 4,
  }),
});

/** Extra columns per CSV file of the shop (by index in file-name order). */
const extrasArb = fc.array(fc.array(extraArb, { maxLength: 4 }), { minLength: 8, maxLength: 8 });

type Extra = typeof extraArb extends fc.Arbitrary<infer T> ? T : never;

/** Every own property of Object.prototype, with its value or accessors, as they are now. */
function prototypeState(): Map<string | symbol, PropertyDescriptor> {
  return new Map(
    Reflect.ownKeys(Object.prototype).map((k) => [k, Object.getOwnPropertyDescriptor(Object.prototype, k)!]),
  );
}

const BEFORE = prototypeState();

function expectPrototypeIntact(): void {
  const now = prototypeState();
  expect([...now.keys()]).toEqual([...BEFORE.keys()]);
  for (const [k, d] of BEFORE) {
    const n = now.get(k)!;
    expect(n.value, String(k)).toBe(d.value);
    expect(n.get, String(k)).toBe(d.get);
    expect(n.set, String(k)).toBe(d.set);
  }
  expect(Object.getPrototypeOf(Object.prototype)).toBe(null);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
}

/**
 * The file with the extra columns inserted (names that normalise to nothing, to a known column or to
 * an extra name already used are left out), and the normalised names of those it holds, in header order.
 */
function withExtras(text: string, extras: readonly Extra[]): { text: string; names: string[] } {
  const [header, ...rows] = readTable(text);
  const head = [...header!];
  const body = rows.map((r) => [...r]);
  const used = new Set(head.map(normalizeHeader));
  for (const x of extras) {
    const name = normalizeHeader(x.name);
    if (name === '' || KNOWN.has(name) || used.has(name) || x.name.includes('\0')) continue;
    // A summary word (`Total`, `合计`) in the first cells makes a row a summary row, by design.
    const values = x.values.filter((v) => !isSummaryWord(v) && !v.includes('\0'));
    if (values.length === 0) continue;
    used.add(name);
    const at = x.at % (head.length + 1);
    head.splice(at, 0, x.name);
    body.forEach((r, i) => r.splice(at, 0, values[i % values.length]!));
  }
  const names = head.map(normalizeHeader).filter((n) => !header!.includes(n));
  // `;` and tab are quoted too, so that they never outnumber the commas of the header line.
  const out = writeTable([head, ...body], { quoteAll: false, eol: '\n', mustQuote: /[",\r\n;\t]/ });
  return { text: out, names };
}

function withoutHashes(json: string): string {
  return json.replace(/"sha256": "[0-9a-f]{64}"/g, '"sha256": "…"');
}

describe('prototype safety', () => {
  it('extra columns named __proto__, constructor, … : prototype intact, same report, listed as not used', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(shopArb, extrasArb, async (shop, extras) => {
        const files = shopFiles(shop);
        const dir = join(tmp, `run-${run++}`);
        const plainDir = join(dir, 'plain');
        const extraDir = join(dir, 'extra');
        writeFiles(plainDir, files);
        mkdirSync(extraDir, { recursive: true });
        writeFileSync(join(extraDir, 'roi-ledger.json'), files.get('roi-ledger.json')!);
        const names = csvNames(files);
        const notUsed = new Map<string, string[]>();
        names.forEach((n, i) => {
          const x = withExtras(files.get(n)!, extras[i]!);
          writeFileSync(join(extraDir, n), x.text);
          if (x.names.length) notUsed.set(n, x.names);
        });

        const a = await reportFiles([plainDir], plainDir);
        expect(a.errors).toBe(0);
        const b = await reportFiles([extraDir], extraDir);
        expectPrototypeIntact();
        expect(withoutHashes(b.json)).toBe(withoutHashes(a.json));

        const c = await runCli(['check', extraDir, '--verbose']);
        expectPrototypeIntact();
        expect(c.code, c.err).toBe(0);
        for (const n of names) {
          const line = `${join(extraDir, n)}: `;
          const at = c.out.indexOf(line);
          expect(at, n).toBeGreaterThanOrEqual(0);
          const next = c.out.indexOf('\n', at);
          const cols = notUsed.get(n);
          const want = cols ? `  columns not used: ${cols.join(', ')}\n` : '  columns not used: ';
          expect(c.out.startsWith(want, next + 1), `${n}: ${JSON.stringify(want)}`).toBe(cols !== undefined);
        }
        rmSync(dir, { recursive: true, force: true });
      }),
      { seed, numRuns },
    );
    expectPrototypeIntact();
  });
});
