/**
 * (7) Representation independence, end to end: the same shop's files written as UTF-8, UTF-8 with a
 * BOM, GB18030 or UTF-16LE with a BOM; with CRLF or LF; every cell quoted or only those that need it;
 * and every amount in any accepted rendering (¥, ￥, 元, thousands commas, full-width digits, short
 * decimals, accounting parentheses, U+2212 and full-width minus, a plus sign) give the same report
 * JSON as plain UTF-8, apart from the inputs' sha256. Chunk boundaries are covered by
 * test/sources/decode.test.ts and csv.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDecoder } from 'node:util';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CHARSETS, decodeText, encodeText, readTable, writeTable, type Charset } from './rewrite.js';
import { reportFiles } from './run.js';
import { csvNames, rng, shopArb, shopFiles } from './shop.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`representation.test.ts fast-check seed ${seed} (replay with FC_SEED=${seed})`);
// Each run writes the shop twice (8 files each) and runs the whole pipeline on both (~60 ms): 100 runs.
const numRuns = 100;

const tmp = mkdtempSync(join(tmpdir(), 'roi-ledger-representation-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The amount columns of the project's own formats (docs/rules.md). */
const AMOUNTS = new Set(['gmv', 'spend', 'attributed_gmv', 'commission', 'premium', 'unit_cost', 'amount']);

/** Fen of an amount as shop.ts writes it (plain, ¥, 元, grouped, short, parentheses): an independent reading. */
function fenOf(cell: string): bigint {
  let s = cell.replace(/[¥元,]/g, '');
  let negative = false;
  if (/^\(.*\)$/.test(s)) [negative, s] = [true, s.slice(1, -1)];
  if (s.startsWith('-')) [negative, s] = [true, s.slice(1)];
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) throw new Error(`not an amount of the shop: ${JSON.stringify(cell)}`);
  const fen = BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
  return negative ? -fen : fen;
}

function plain(fen: bigint): string {
  const abs = fen < 0n ? -fen : fen;
  return `${fen < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** Full-width forms of ASCII digits and punctuation (NFKC folds them back). */
function wide(s: string): string {
  return s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/**
 * `fen` in one of the renderings the amount grammar accepts (bad-inputs §E, cases 47–51 and 60),
 * chosen by `pick`: each choice below is one digit of `pick` in its own base.
 */
function dirty(fen: bigint, pick: number): string {
  let p = Math.abs(pick);
  const take = (n: number): number => {
    const v = p % n;
    p = Math.floor(p / n);
    return v;
  };
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const yuan = String(abs / 100n);
  const cents = String(abs % 100n).padStart(2, '0');
  const grouped = take(2) ? yuan.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : yuan;
  const frac = take(2) ? `.${cents}` : cents === '00' ? '' : `.${cents.replace(/0$/, '')}`;
  let body = `${grouped}${frac}`;
  const fullWidth = take(3) === 0;
  if (fullWidth) body = wide(body);
  const currency = take(4);
  if (currency === 1) body = `¥${body}`;
  if (currency === 2) body = `￥${body}`;
  if (currency === 3) body = `${body}元`;
  if (negative) {
    const sign = take(5);
    body =
      sign === 0
        ? `-${body}`
        : sign === 1
          ? `(${body})`
          : sign === 2
            ? `（${body}）`
            : sign === 3
              ? `\u2212${body}`
              : `\uff0d${body}`;
  } else if (take(4) === 0) body = `${fullWidth ? '＋' : '+'}${body}`;
  // Surrounding whitespace is trimmed (case 60).
  return take(6) === 0 ? ` ${body} ` : body;
}

interface FileStyle {
  readonly charset: Charset;
  readonly crlf: boolean;
  readonly quoteAll: boolean;
  readonly amounts: number;
}

const styleArb: fc.Arbitrary<FileStyle> = fc.record({
  charset: fc.constantFrom(...CHARSETS),
  crlf: fc.boolean(),
  quoteAll: fc.boolean(),
  amounts: fc.integer(),
});

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * GB18030 bytes that are also valid UTF-8 (`12.00元` is `12.00 D4 AA`, which UTF-8 reads as `12.00Ԫ`)
 * cannot be told from UTF-8 by their bytes: the reader tries strict UTF-8 first (bad-inputs §1.8), so
 * such a file is written as UTF-8 with a BOM instead. Pure-ASCII files are the same in every charset.
 */
function ambiguous(bytes: Uint8Array): boolean {
  if (bytes.every((b) => b < 0x80)) return false;
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** One file of the shop, amounts re-rendered (`style` null: plain, LF, minimal quoting, UTF-8). */
function rewrite(text: string, style: FileStyle | null): Buffer {
  const [header, ...rows] = readTable(text);
  const random = rng(style?.amounts ?? 0);
  const amountCols = header!.flatMap((h, i) => (AMOUNTS.has(h) ? [i] : []));
  const out = rows.map((r) => {
    const row = [...r];
    for (const i of amountCols) {
      const cell = row[i]!;
      if (cell === '') {
        // An optional amount left empty: '-' says the same (case 52).
        if (style && random() < 0.3) row[i] = '-';
        continue;
      }
      const fen = fenOf(cell);
      row[i] = style ? dirty(fen, Math.floor(random() * 2 ** 31)) : plain(fen);
    }
    return row;
  });
  const csv = writeTable([header!, ...out], {
    quoteAll: style?.quoteAll ?? false,
    eol: style?.crlf ? '\r\n' : '\n',
  });
  const charset = style?.charset ?? 'utf-8';
  let bytes = encodeText(csv, charset);
  if (charset === 'gb18030' && ambiguous(bytes)) bytes = encodeText(csv, 'utf-8-bom');
  // The encoder is tested on every file it writes.
  expect(decodeText(bytes, charset === 'gb18030' && bytes[0] === 0xef ? 'utf-8-bom' : charset)).toBe(csv);
  return bytes;
}

function write(dir: string, files: Map<string, string>, styles: readonly FileStyle[] | null): string[] {
  mkdirSync(dir, { recursive: true });
  const names = csvNames(files);
  names.forEach((name, i) =>
    writeFileSync(join(dir, name), rewrite(files.get(name)!, styles ? styles[i % styles.length]! : null)),
  );
  writeFileSync(join(dir, 'roi-ledger.json'), files.get('roi-ledger.json')!);
  return names.map((n) => join(dir, n));
}

function withoutHashes(json: string): string {
  return json.replace(/"sha256": "[0-9a-f]{64}"/g, '"sha256": "…"');
}

describe('representation independence', () => {
  it('the dirty renderings are read as the amount they render (a check of the generator)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }), fc.integer(), (fen, pick) => {
        const s = dirty(fen, pick)
          .normalize('NFKC')
          .replace(/\u2212/g, '-')
          .trim();
        expect(fenOf(s.replace(/[+ ]/g, ''))).toBe(fen);
      }),
      { seed, numRuns: 1000 },
    );
  });

  it('UTF-8/BOM/GB18030/UTF-16LE, CRLF/LF, quoting and dirty amounts: the same report JSON', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(shopArb, fc.array(styleArb, { minLength: 8, maxLength: 8 }), async (shop, styles) => {
        const files = shopFiles(shop);
        const dir = join(tmp, `run-${run++}`);
        const a = await reportFiles(write(join(dir, 'plain'), files, null), join(dir, 'plain'));
        expect(a.errors).toBe(0);
        const b = await reportFiles(write(join(dir, 'dirty'), files, styles), join(dir, 'dirty'));
        expect(withoutHashes(b.json)).toBe(withoutHashes(a.json));
        expect(b.csv).toBe(a.csv);
        rmSync(dir, { recursive: true, force: true });
      }),
      { seed, numRuns },
    );
  });
});
