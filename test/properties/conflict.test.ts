/**
 * (6) Conflict detection: one order line, commission, premium or ad row copied into a second file
 * with one figure changed (never a forward move in its life) is an E_DUP_CONFLICT naming both
 * FILE:LINE, and `check` exits 1: never a silent sum, never a silent pick. With both files named
 * `<unix>_…` (their export times) and `--prefer newest`, the newer row wins, W_REPLACED says which
 * replaced which, and the report equals the report of the newer state alone; when the times are equal
 * or one file has none, it stays an error. The changed row appended to its own file is a conflict too.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/ledger/dates.js';
import { runCli } from '../helpers/cli.js';
import {
  rng,
  shopArb,
  shopFiles,
  UNKNOWN_CHANNEL,
  writeFiles,
  type Shop,
  type ShopAd,
  type ShopCommission,
  type ShopLine,
  type ShopPremium,
} from './shop.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`conflict.test.ts fast-check seed ${seed} (replay with FC_SEED=${seed})`);
// Each run writes two or three folders and runs the CLI in-process three or four times (two checks,
// and two reports when a newer export should win: ~70 ms in all), so 100 runs rather than 200.
const numRuns = 100;
const BY = 'channel,sku,author,plan,day,month';

const tmp = mkdtempSync(join(tmpdir(), 'roi-ledger-conflict-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Diag {
  severity: string;
  code: string;
  message: string;
  file?: string;
  line?: number;
}
interface CheckJson {
  errors: number;
  warnings: number;
  inputs: { file: string; rejected: number; duplicates: number }[];
  diagnostics: Diag[];
}

/** One record of the shop, changed, and where it sits. */
interface Conflict {
  readonly what: string;
  /** The shop file that holds the record, and the record's physical line there. */
  readonly file: string;
  readonly line: number;
  /** The second file: the changed record among identical copies of some of its neighbours. */
  readonly copy: string;
  readonly copyLine: number;
  /** The whole shop with the record changed: what the newer export says when the copy is newer. */
  readonly changed: Shop;
}

const choice = fc.record({
  kind: fc.nat(),
  pick: fc.nat(),
  change: fc.nat(),
  delta: fc.integer({ min: 1, max: 50_000 }),
  /** Picks which neighbours the second file repeats unchanged. */
  keep: fc.integer(),
});
type Choice = typeof choice extends fc.Arbitrary<infer T> ? T : never;

function empty(shop: Shop): Shop {
  return { ...shop, orders: [], commissions: [], premiums: [], ads: [], costs: [], fixed: [] };
}

/**
 * A flat list of records: the record at `at` changed; the copy holds it and a random part of the
 * others that share its file (in file order). Returns the physical lines in both files.
 */
function split<T>(
  all: readonly T[],
  sameFile: (x: T) => boolean,
  at: number,
  changed: T,
  keep: number,
): { line: number; copyLine: number; copy: T[]; changedAll: T[] } {
  const random = rng(keep);
  const target = all[at]!;
  const inFile = all.filter(sameFile);
  const copy = inFile.flatMap((x) => (x === target ? [changed] : random() < 0.5 ? [x] : []));
  return {
    line: inFile.indexOf(target) + 2,
    copyLine: copy.indexOf(changed) + 2,
    copy,
    changedAll: all.map((x) => (x === target ? changed : x)),
  };
}

function changeLine(l: ShopLine, c: Choice): { line: ShopLine; what: string } {
  const known = ['直播', '短视频', '商品卡'];
  switch (c.change % 4) {
    case 1:
      return { line: { ...l, units: l.units + 1 + (c.delta % 3) }, what: 'quantity' };
    case 2: {
      const others = ['(none)', '小美 (7001)', 'Bob, the "host" (7002)', 'Someone else (7099)'].filter(
        (a) => a !== l.author,
      );
      return { line: { ...l, author: others[c.delta % others.length]! }, what: 'author' };
    }
    case 3:
      // (unknown) → a channel is a forward move (attribution arrives the next day): only known ones.
      if (l.channel !== UNKNOWN_CHANNEL) {
        const others = known.filter((k) => k !== l.channel);
        return { line: { ...l, channel: others[c.delta % others.length]! }, what: 'channel' };
      }
      return { line: { ...l, gmv: l.gmv + c.delta }, what: 'gmv' };
    default:
      return { line: { ...l, gmv: l.gmv + c.delta }, what: 'gmv' };
  }
}

function changeCommission(x: ShopCommission, c: Choice): ShopCommission {
  // Estimated → settled is a forward move: `settled` stays, the amount or the day changes.
  return c.change % 2
    ? { ...x, day: addDays(x.day, 1 + (c.delta % 5)) }
    : { ...x, amount: x.amount + c.delta };
}

function changePremium(x: ShopPremium, c: Choice): ShopPremium {
  return c.change % 2
    ? { ...x, day: addDays(x.day, 1 + (c.delta % 5)) }
    : { ...x, amount: x.amount + c.delta };
}

function changeAd(x: ShopAd, c: Choice): ShopAd {
  switch (c.change % 3) {
    case 1:
      return { ...x, attributedGmv: (x.attributedGmv ?? 0) + c.delta };
    case 2:
      return { ...x, channel: x.channel === null ? '直播' : x.channel === '直播' ? '短视频' : null };
    default:
      return { ...x, spend: x.spend + c.delta };
  }
}

/** The conflict the choice makes in this shop, or null when the shop has no record to copy. */
function conflictOf(shop: Shop, c: Choice): Conflict | null {
  const paid = shop.orders.flatMap((o) => (o.paidAt === null ? [] : o.lines.map((l) => ({ o, l }))));
  const kinds = [
    paid.length ? 'line' : null,
    shop.commissions.length ? 'commission' : null,
    shop.premiums.length ? 'premium' : null,
    shop.ads.length ? 'ad' : null,
  ].filter((k) => k !== null);
  if (kinds.length === 0) return null;
  const kind = kinds[c.kind % kinds.length];
  if (kind === 'line') {
    const { o, l } = paid[c.pick % paid.length]!;
    const { line: changedLine, what } = changeLine(l, c);
    const file = `orders-${'ab'[o.file]}.csv`;
    // The order file as a flat list of lines, each with its order.
    const flat = shop.orders.flatMap((order) => order.lines.map((line) => ({ order, line })));
    const at = flat.findIndex((x) => x.line === l);
    const s = split(flat, (x) => x.order.file === o.file, at, { order: o, line: changedLine }, c.keep);
    const regroup = (xs: readonly { order: (typeof flat)[number]['order']; line: ShopLine }[]) => {
      const out: Shop['orders'][number][] = [];
      for (const x of xs) {
        const last = out[out.length - 1];
        if (last && last.id === x.order.id) out[out.length - 1] = { ...last, lines: [...last.lines, x.line] };
        else out.push({ ...x.order, lines: [x.line] });
      }
      return out;
    };
    return {
      what: `order line ${l.id}: ${what}`,
      file,
      line: s.line,
      copy: shopFiles({ ...empty(shop), orders: regroup(s.copy) }).get(file)!,
      copyLine: s.copyLine,
      changed: { ...shop, orders: regroup(s.changedAll) },
    };
  }
  if (kind === 'commission') {
    const at = c.pick % shop.commissions.length;
    const s = split(shop.commissions, () => true, at, changeCommission(shop.commissions[at]!, c), c.keep);
    const file = 'commissions.csv';
    return {
      what: `commission of ${shop.commissions[at]!.line}`,
      file,
      line: s.line,
      copy: shopFiles({ ...empty(shop), commissions: s.copy }).get(file)!,
      copyLine: s.copyLine,
      changed: { ...shop, commissions: s.changedAll },
    };
  }
  if (kind === 'premium') {
    const at = c.pick % shop.premiums.length;
    const s = split(shop.premiums, () => true, at, changePremium(shop.premiums[at]!, c), c.keep);
    const file = 'insurance.csv';
    return {
      what: `premium of policy ${shop.premiums[at]!.policy}`,
      file,
      line: s.line,
      copy: shopFiles({ ...empty(shop), premiums: s.copy }).get(file)!,
      copyLine: s.copyLine,
      changed: { ...shop, premiums: s.changedAll },
    };
  }
  const at = c.pick % shop.ads.length;
  const ad = shop.ads[at]!;
  const s = split(shop.ads, (a) => a.file === ad.file, at, changeAd(ad, c), c.keep);
  const file = `ads-${'ab'[ad.file]}.csv`;
  return {
    what: `ad row ${ad.day} ${ad.plan ?? '-'} ${ad.product ?? '-'}`,
    file,
    line: s.line,
    copy: shopFiles({ ...empty(shop), ads: s.copy }).get(file)!,
    copyLine: s.copyLine,
    changed: { ...shop, ads: s.changedAll },
  };
}

/** `where` named in `text`, not as the prefix of a longer line number. */
function names(text: string, where: string): boolean {
  return new RegExp(`${where.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\d)`).test(text);
}

async function checkJson(args: string[]): Promise<{ code: number; json: CheckJson }> {
  const r = await runCli(['check', ...args, '--format', 'json']);
  return { code: r.code, json: JSON.parse(r.out) as CheckJson };
}

/** Exit 1 with exactly one error, an E_DUP_CONFLICT at one of `places` that names the other one. */
function expectConflict(r: { code: number; json: CheckJson }, places: readonly string[], what: string): void {
  expect(r.code, what).toBe(1);
  expect(r.json.errors, JSON.stringify(r.json.diagnostics)).toBe(1);
  const conflicts = r.json.diagnostics.filter((d) => d.code === 'E_DUP_CONFLICT');
  expect(conflicts, what).toHaveLength(1);
  const d = conflicts[0]!;
  const at = `${d.file}:${d.line}`;
  expect(places, what).toContain(at);
  expect(
    names(
      d.message,
      places.find((p) => p !== at)!,
    ),
    d.message,
  ).toBe(true);
  expect(r.json.inputs.reduce((n, i) => n + i.rejected, 0)).toBe(1);
  expect(r.json.diagnostics.filter((w) => w.code === 'W_REPLACED')).toEqual([]);
}

/** The figures of a JSON report (not its inputs and diagnostics, which name the files read). */
async function figures(args: string[]): Promise<unknown> {
  const r = await runCli(['report', ...args, '--by', BY, '--format', 'json']);
  expect(r.code, r.err).toBe(0);
  const j = JSON.parse(r.out) as Record<string, unknown>;
  return {
    period: j.period,
    data_through: j.data_through,
    settings: j.settings,
    totals: j.totals,
    tables: j.tables,
    notes: j.notes,
  };
}

/** The copy's export time against the original's: later, earlier, the same, or none (no time in its name). */
const TIMINGS = ['newer', 'older', 'same', 'untimed'] as const;

describe('conflict detection', () => {
  it('one figure changed in a second file: E_DUP_CONFLICT naming both FILE:LINE; --prefer newest takes the newer', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        shopArb,
        choice,
        fc.boolean(),
        fc.integer({ min: 1_600_000_000, max: 1_900_000_000 }),
        fc.integer({ min: 1, max: 9_999_999 }),
        fc.constantFrom(...TIMINGS),
        async (shop, c, sameFile, t0, gap, timing) => {
          const x = conflictOf(shop, c);
          fc.pre(x !== null);
          if (x === null) return;
          const base = join(tmp, `run-${run++}`);
          const files = shopFiles(shop);

          // Without export times: an error naming both places, exit 1, one row rejected. The changed
          // row is in a second file, or appended to the record's own file.
          const plain = join(base, 'plain');
          writeFiles(plain, files);
          if (sameFile) {
            const original = files.get(x.file)!;
            writeFileSync(join(plain, x.file), `${original}${x.copy.split('\n')[x.copyLine - 1]}\n`);
            const appended = original.split('\n').length; // the text ends with a newline
            const places = [`${join(plain, x.file)}:${x.line}`, `${join(plain, x.file)}:${appended}`];
            expectConflict(await checkJson([plain]), places, x.what);
          } else {
            writeFileSync(join(plain, `copy-${x.file}`), x.copy);
            const places = [
              `${join(plain, x.file)}:${x.line}`,
              `${join(plain, `copy-${x.file}`)}:${x.copyLine}`,
            ];
            expectConflict(await checkJson([plain]), places, x.what);
          }

          // Files named by their export times (`<unix>_…`), --prefer newest.
          const timed = join(base, 'timed');
          const t1 = timing === 'newer' ? t0 + gap : timing === 'older' ? t0 - gap : t0;
          const original = `${t0}_${x.file}`;
          const copy = timing === 'untimed' ? `copy-${x.file}` : `${t1}_copy-${x.file}`;
          writeFiles(timed, new Map([...files].filter(([n]) => n !== x.file)));
          writeFileSync(join(timed, original), files.get(x.file)!);
          writeFileSync(join(timed, copy), x.copy);
          const b = await checkJson([timed, '--prefer', 'newest']);
          const places = [`${join(timed, original)}:${x.line}`, `${join(timed, copy)}:${x.copyLine}`];
          if (timing === 'same' || timing === 'untimed') {
            // Nothing tells which is newer: still an error, never a pick.
            expectConflict(b, places, `${x.what} (${timing})`);
            rmSync(base, { recursive: true, force: true });
            return;
          }
          // The newer wins, and W_REPLACED says which row replaced which.
          expect(b.code, JSON.stringify(b.json.diagnostics)).toBe(0);
          const replaced = b.json.diagnostics.filter((w) => w.code === 'W_REPLACED');
          expect(replaced, x.what).toHaveLength(1);
          const [newer, older] = timing === 'newer' ? [places[1]!, places[0]!] : [places[0]!, places[1]!];
          expect(replaced[0]!.severity).toBe('warning');
          expect(names(replaced[0]!.message, `${newer} replaced ${older}`), replaced[0]!.message).toBe(true);

          // The figures are those of the newer state alone.
          const want = join(base, 'want');
          writeFiles(want, timing === 'newer' ? shopFiles(x.changed) : files);
          expect(await figures([timed, '--prefer', 'newest'])).toEqual(await figures([want]));
          rmSync(base, { recursive: true, force: true });
        },
      ),
      { seed, numRuns },
    );
  });
});
