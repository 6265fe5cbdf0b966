/**
 * Reads a group of input files: each file is loaded (sources) and its facts merged by kind (ledger),
 * files in name order, so the outcome does not depend on the order PATHs were given in. The pipeline
 * reads all files as one group; for big inputs it reads the commission and premium files as a second
 * group on a worker thread (read-worker.ts) while this thread reads the rest. Kinds never meet in a
 * merge, so the two groups are independent and their results are simply put side by side.
 */
import type { Progress } from '../cli/progress.js';
import type { AdSpendFact, Fact, FixedCostFact, UnitCostFact } from '../ledger/facts.js';
import { CommissionStore, PremiumStore } from '../ledger/fact-stores.js';
import {
  adSpendRule,
  commissionRule,
  fixedCostRule,
  orderLineRule,
  premiumRule,
  unitCostRule,
} from '../ledger/keys.js';
import { dropSpares } from '../ledger/columns.js';
import { LineLog } from '../ledger/line-log.js';
import { LineStore, Remap } from '../ledger/line-store.js';
import { Merger, type MergeResult } from '../ledger/merge.js';
import { FileTally, reconciledAmount } from '../ledger/reconcile.js';
import type { Detected } from '../sources/decode.js';
import type { ReadOptions } from '../sources/format.js';
import {
  joinRests,
  loadFile,
  readParts,
  type LoadedFile,
  type RestRead,
  type SplitRead,
} from '../sources/load.js';
import type { Claims } from './claims.js';

export interface GroupFile {
  readonly path: string;
  /** The path as the user would type it (relative to the working folder when inside it). */
  readonly shown: string;
  /** Format id forced by `--as`. */
  readonly as?: string;
}

export interface GroupOptions extends ReadOptions {
  readonly preferNewest: boolean;
}

export type MergeOutcome = Omit<MergeResult<Fact>, 'kept'>;

/** The records of an order file from a line start on, read apart: their counts, and their lines in row order. */
export interface RestOfFile {
  readonly read: RestRead;
  readonly log: LineLog;
}

/**
 * Chunks `first` … `end` - 1 of a file's later part as the second thread read them, in one piece;
 * null when they could not be read apart.
 */
export interface ChunkRead {
  readonly first: number;
  readonly end: number;
  readonly rest: RestOfFile | null;
}

/**
 * A file's later part, in chunks shared out between this thread and the second (claims.ts): chunk k
 * runs from line start `bounds[k]` up to `bounds[k + 1]` (the last to the file's end, Infinity), and
 * this thread reads at least up to `bounds[0]`.
 */
export interface RestSource {
  readonly bounds: readonly number[];
  readonly claims: Claims;
  /** The file's encoding and delimiter, as its start tells (`sniffFile`). */
  readonly detected: Detected;
  readonly delimiter: string;
  /** The chunks the second thread took, once it has taken the last (rejects when the thread is lost). */
  result(): Promise<readonly ChunkRead[]>;
}

/**
 * Reads ranges of chunks of an order file into LineLogs, each range `take` gives (null: no more),
 * until one cannot be read apart (a broken record, one across the range's end, facts other than order
 * lines): what follows it is read by the first thread anyway. The logs share their days, origins and
 * cells.
 */
export async function readChunks(
  file: GroupFile,
  bounds: readonly number[],
  take: () => { readonly first: number; readonly end: number } | null,
  opts: ReadOptions,
): Promise<ChunkRead[]> {
  const chunks: ChunkRead[] = [];
  let log: LineLog | null = null;
  let range = { first: -1, end: -1 };
  let other = false;
  await readParts(
    file.path,
    file.shown,
    () => {
      // A range that could not be read apart ends the reading here: the first thread reads on from it.
      if (chunks.at(-1)?.rest === null) return null;
      const next = take();
      if (next === null) return null;
      [range, log, other] = [next, new LineLog(log ?? undefined), false];
      return { from: bounds[next.first]!, end: bounds[next.end]! };
    },
    (read) => {
      log!.seal();
      chunks.push({ ...range, rest: read && !other ? { read, log: log! } : null });
    },
    {
      excelWrappedIds: opts.excelWrappedIds,
      excelDates: opts.excelDates,
      decimalMark: opts.decimalMark,
      ...(file.as ? { as: file.as } : {}),
      onFact: (f) => (f.kind === 'order_line' ? log!.add(f) : (other = true)),
    },
  );
  return chunks;
}

/** A file's rows are counted over this many bytes before its stores are made as big as it needs. */
const PRESIZE_AFTER_BYTES = 4 * 1024 * 1024;

/** The kinds in the order the pipeline lists their merges (and their diagnostics). */
export const FACT_KINDS = [
  'order_line',
  'commission',
  'premium',
  'ad_spend',
  'unit_cost',
  'fixed_cost',
] as const;
export type FactKind = (typeof FACT_KINDS)[number];

export interface GroupResult {
  readonly files: LoadedFile[];
  /** Per file that carried money, in the order the files were read. */
  readonly tallies: FileTally[];
  readonly lines: LineStore;
  readonly commissions: CommissionStore;
  readonly premiums: PremiumStore;
  readonly ads: AdSpendFact[];
  readonly unitCosts: UnitCostFact[];
  readonly fixedCosts: FixedCostFact[];
  /** Each merge's diagnostics and per-file counts, in FACT_KINDS order. */
  readonly outcomes: MergeOutcome[];
}

/**
 * Loads and merges `files` in the order given. `kinds`: the fact kinds this group owns; a fact of
 * another kind means the file changed between the look at its header and the read.
 */
export async function readGroup(
  files: readonly GroupFile[],
  kinds: ReadonlySet<FactKind>,
  opts: GroupOptions,
  progress?: Progress,
  /** Files whose rest is read elsewhere, by path. */
  rests?: ReadonlyMap<string, RestSource>,
): Promise<GroupResult> {
  const m = { preferNewest: opts.preferNewest };
  const scope = new Map<string, string>();
  const tallies = new Map<string, FileTally>();
  const drop = (f: Fact) => {
    const v = reconciledAmount(f);
    if (v !== null) tallies.get(f.source.file)!.dropped += v;
  };
  // Lines, commissions and premiums are kept as columns: millions of rows, where an object each
  // would cost hundreds of bytes.
  const lineStore = new LineStore();
  const lines = new Merger(orderLineRule, m, drop, lineStore);
  const commissionStore = new CommissionStore();
  const commissions = new Merger(commissionRule, m, drop, commissionStore);
  const premiumStore = new PremiumStore();
  const premiums = new Merger(premiumRule, m, drop, premiumStore);
  const ads = new Merger(
    adSpendRule((f) => scope.get(f.source.file) ?? ''),
    m,
    drop,
  );
  const unitCosts = new Merger(unitCostRule, m, drop);
  const fixedCosts = new Merger(fixedCostRule, m, drop);
  /** A file whose facts are of a kind this group does not own (thrown after it is read). */
  let stray: string | null = null;
  const onFact = (f: Fact, format: string): void => {
    if (!kinds.has(f.kind)) {
      stray ??= f.source.file;
      return;
    }
    const v = reconciledAmount(f);
    if (v !== null) {
      let t = tallies.get(f.source.file);
      if (!t) tallies.set(f.source.file, (t = new FileTally(f.source.file, f.kind)));
      t.input += v;
    }
    switch (f.kind) {
      case 'order_line':
        return lines.add(f);
      case 'commission':
        return commissions.add(f);
      case 'premium':
        return premiums.add(f);
      case 'ad_spend':
        scope.set(f.source.file, format);
        return ads.add(f);
      case 'unit_cost':
        return unitCosts.add(f);
      case 'fixed_cost':
        return fixedCosts.add(f);
    }
  };
  /**
   * This read takes chunks from the front as it goes and stops where the second thread's begin, then
   * merges their lines, chunk by chunk in file order, as if it had read them here.
   */
  const splitAt = (shown: string, source: RestSource): SplitRead => {
    const { bounds, claims } = source;
    /** Chunks taken here: this read stops at `bounds[mine]`. */
    let mine = 0;
    let theirs: RestOfFile[] | null = null;
    return {
      get at() {
        return bounds[mine]!;
      },
      claim: () => {
        const k = claims.front();
        if (k < 0) return false;
        if (k !== mine) throw new Error(`chunk ${k} taken from the front after ${mine}`);
        mine = k + 1;
        return true;
      },
      detected: source.detected,
      delimiter: source.delimiter,
      rest: async () => {
        const got = await source.result().catch(() => null);
        // Every chunk from here on, in file order, each read apart.
        const after = got?.filter((c) => c.first >= mine).sort((a, b) => a.first - b.first) ?? [];
        let next = mine;
        for (const c of after) if (c.first === next && c.rest !== null) next = c.end;
        if (next !== bounds.length - 1) return null;
        theirs = after.map((c) => c.rest!);
        return joinRests(theirs.map((r) => r.read));
      },
      use: (lineOffset) => {
        let offset = lineOffset;
        // The logs share their days, origins and cells: what one replay learns of them serves the next.
        const map = new Remap();
        try {
          for (const { read, log } of theirs!) {
            if (log.lines.size + log.repeats.length > 0) {
              let t = tallies.get(shown);
              if (!t) tallies.set(shown, (t = new FileTally(shown, 'order_line')));
              t.input += log.input;
            }
            log.replay(lines, lineStore, offset, map);
            offset += read.lines;
          }
        } finally {
          // The logs' pages the store here did not take as its own.
          dropSpares();
        }
        theirs = null;
      },
      drop: () => (theirs = null),
    };
  };
  /**
   * Once a big file's first megabytes are merged, the stores' id tables are made as big as the whole
   * file will need (its rows so far, per byte, and a little more), rather than grown and rebuilt a
   * dozen times, each rebuild reading every id so far (a miss in memory each).
   */
  const presize = (): ((bytesRead: number, size: number) => void) => {
    const stores = [
      lineStore.lineIds,
      lineStore.orderIds.named,
      commissionStore.lines,
      premiumStore.policies,
    ];
    const before = stores.map((t) => t.size);
    let [merged, done] = [0, false];
    return (bytesRead, size) => {
      // Called before a chunk's rows are merged: those of the bytes up to the last call are.
      if (!done && merged >= PRESIZE_AFTER_BYTES && size > 2 * merged) {
        done = true;
        stores.forEach((t, k) => t.reserve(before[k]! + ((t.size - before[k]!) * 1.05 * size) / merged));
      }
      merged = bytesRead;
    };
  };
  const loaded: LoadedFile[] = [];
  try {
    for (const { path, shown, as } of files) {
      const rest = rests?.get(path);
      const showing = progress?.start(shown);
      const sized = presize();
      const read = {
        excelWrappedIds: opts.excelWrappedIds,
        excelDates: opts.excelDates,
        decimalMark: opts.decimalMark,
        onFact,
        onProgress: (bytesRead: number, size: number) => {
          showing?.(bytesRead, size);
          sized(bytesRead, size);
        },
        ...(rest ? { split: splitAt(shown, rest) } : {}),
      };
      loaded.push(await loadFile(path, shown, as ? { ...read, as } : read));
      progress?.stop();
      if (stray !== null)
        throw new Error(`${stray} changed while it was read (its header now names other data); run again`);
    }
  } finally {
    // Also when a file throws: no progress line is left on the terminal.
    progress?.stop();
  }
  const mergers = [lines, commissions, premiums, ads, unitCosts, fixedCosts] as Merger<Fact>[];
  return {
    files: loaded,
    tallies: [...tallies.values()],
    lines: lineStore,
    commissions: commissionStore,
    premiums: premiumStore,
    ads: ads.result().kept,
    unitCosts: unitCosts.result().kept,
    fixedCosts: fixedCosts.result().kept,
    outcomes: mergers.map((x) => x.outcome()),
  };
}
