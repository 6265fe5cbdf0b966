/**
 * (2) Row accounting on the real Douyin layouts: copies of fixtures/golden/month-2026-09 (UTF-8 with
 * BOM and CRLF, GB18030, `"\t…"` ids, 合计/总计 rows) with data rows deleted and duplicated, blank
 * lines and summary rows inserted, sometimes read twice under another name. `check --format json`
 * accounts for every record after the header of every file: rows = used + duplicates + Σ skipped +
 * rejected, rows = the records written, and each file's reconciliation balances.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDecoder } from 'node:util';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { encodeGb18030, readTable } from './rewrite.js';
import { rng } from './shop.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`row-accounting.test.ts fast-check seed ${seed} (replay with FC_SEED=${seed})`);
// Each run writes the month's 8–9 files and runs `check` in-process on them (~35 ms): 200 runs.
const numRuns = 200;

const GOLDEN = join(ROOT, 'fixtures', 'golden', 'month-2026-09');
const tmp = mkdtempSync(join(tmpdir(), 'roi-ledger-rows-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Golden {
  readonly name: string;
  readonly gb18030: boolean;
  readonly crlf: boolean;
  /** Header line (with its BOM, if any), then one buffer per line, each with its line ending. */
  readonly header: Buffer;
  readonly lines: readonly Buffer[];
  readonly width: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const gb = new TextDecoder('gb18030', { fatal: true });

function load(name: string): Golden {
  const bytes = readFileSync(join(GOLDEN, name));
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++)
    if (bytes[i] === 0x0a) {
      out.push(bytes.subarray(start, i + 1));
      start = i + 1;
    }
  if (start < bytes.length) out.push(bytes.subarray(start));
  let text: string;
  let gb18030 = false;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = gb.decode(bytes);
    gb18030 = true;
  }
  const table = readTable(text);
  // One record per physical line: line surgery below cannot cut a record in two.
  if (table.length !== out.length) throw new Error(`${name}: a record spans lines`);
  const crlf = out[0]!.subarray(-2).toString('latin1') === '\r\n';
  const eol = Buffer.from(crlf ? '\r\n' : '\n');
  const lines = out.slice(1).map((l) => (l[l.length - 1] === 0x0a ? l : Buffer.concat([l, eol])));
  return { name, gb18030, crlf, header: out[0]!, lines, width: table[0]!.length };
}

const FILES = readdirSync(GOLDEN)
  .filter((n) => n.endsWith('.csv'))
  .sort()
  .map(load);
const SETTINGS = readFileSync(join(GOLDEN, 'roi-ledger.json'));

const SUMMARY_WORDS = ['合计', '总计', '小计', '汇总', 'Total', '合计：', '总计(30天)'] as const;

const opArb = fc.record({ op: fc.nat({ max: 4 }), at: fc.nat(), from: fc.nat(), variant: fc.nat() });
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

/** A copy of the line cut at one of its delimiters (outside quotes): a row with too few fields. */
function cut(line: Buffer, eol: string, pick: number): Buffer | null {
  // ',' and '"' are never part of a multi-byte character in UTF-8 or GB18030.
  const commas: number[] = [];
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === 0x22) quoted = !quoted;
    else if (line[i] === 0x2c && !quoted) commas.push(i);
  }
  if (commas.length === 0) return null;
  return Buffer.concat([line.subarray(0, commas[pick % commas.length]), Buffer.from(eol)]);
}

/**
 * The file's lines after `ops`: rows deleted and duplicated, blank and summary lines inserted, and
 * rows cut short (rejected, so that every term of the sum is exercised).
 */
function mutate(g: Golden, ops: readonly Op[]): Buffer[] {
  const lines = [...g.lines];
  const eol = g.crlf ? '\r\n' : '\n';
  const encode = (s: string) => (g.gb18030 ? encodeGb18030(s) : Buffer.from(s, 'utf8'));
  for (const o of ops) {
    const at = o.at % (lines.length + 1);
    if (o.op === 0) {
      if (lines.length) lines.splice(o.at % lines.length, 1);
    } else if (o.op === 1) {
      if (lines.length) lines.splice(at, 0, lines[o.from % lines.length]!);
    } else if (o.op === 2) {
      const blank = ['', '   ', ',', ','.repeat(g.width - 1)][o.variant % 4]!;
      lines.splice(at, 0, encode(`${blank}${eol}`));
    } else if (o.op === 4) {
      const short = lines.length ? cut(lines[o.from % lines.length]!, eol, o.variant) : null;
      if (short) lines.splice(at, 0, short);
    } else {
      const word = SUMMARY_WORDS[o.variant % SUMMARY_WORDS.length]!;
      const random = rng(o.variant);
      const cells = Array.from({ length: g.width - 1 }, () =>
        random() < 0.2 ? `${Math.floor(random() * 100000)}.${Math.floor(random() * 90 + 10)}` : '',
      );
      lines.splice(at, 0, encode(`${[word, ...cells].join(',')}${eol}`));
    }
  }
  return lines;
}

interface Input {
  file: string;
  rows: number;
  used: number;
  duplicates: number;
  updates: number;
  rejected: number;
  skipped: Record<string, number>;
}

describe('row accounting on the golden month', () => {
  it('rows deleted, duplicated, blank and 合计 lines inserted: rows = used + duplicates + Σ skipped + rejected', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(opArb, { maxLength: 8 }), { minLength: FILES.length, maxLength: FILES.length }),
        fc.option(fc.record({ file: fc.nat(), ops: fc.array(opArb, { maxLength: 8 }) }), { nil: null }),
        async (perFile, again) => {
          const dir = join(tmp, `run-${run++}`);
          mkdirSync(dir, { recursive: true });
          writeFileSync(join(dir, 'roi-ledger.json'), SETTINGS);
          /** File name → records written after the header. */
          const written = new Map<string, number>();
          const put = (name: string, g: Golden, ops: readonly Op[]) => {
            const lines = mutate(g, ops);
            writeFileSync(join(dir, name), Buffer.concat([g.header, ...lines]));
            written.set(join(dir, name), lines.length);
          };
          FILES.forEach((g, i) => put(g.name, g, perFile[i]!));
          // The same export read twice, itself damaged differently: its rows are duplicates.
          if (again) {
            const g = FILES[again.file % FILES.length]!;
            put(`again-${g.name}`, g, again.ops);
          }

          const r = await runCli(['check', dir, '--format', 'json']);
          const json = JSON.parse(r.out) as {
            inputs: Input[];
            reconciliation: { file: string; ok: boolean }[];
            diagnostics: { code: string; file?: string; line?: number }[];
          };
          expect(json.inputs.map((i) => i.file).sort()).toEqual([...written.keys()].sort());
          for (const i of json.inputs) {
            const skipped = Object.values(i.skipped).reduce((a, b) => a + b, 0);
            expect(i.rows, JSON.stringify(i)).toBe(i.used + i.duplicates + skipped + i.rejected);
            expect(i.rows, JSON.stringify(i)).toBe(written.get(i.file));
            expect(i.updates).toBeLessThanOrEqual(i.used);
            for (const n of [i.used, i.duplicates, i.rejected, skipped]) expect(n).toBeGreaterThanOrEqual(0);
          }
          for (const x of json.reconciliation) expect(x.ok, x.file).toBe(true);
          expect(json.diagnostics.filter((d) => d.code === 'E_RECONCILE')).toEqual([]);
          rmSync(dir, { recursive: true, force: true });
        },
      ),
      { seed, numRuns },
    );
  });
});
