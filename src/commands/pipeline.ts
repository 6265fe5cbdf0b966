/**
 * The pipeline every command runs: list inputs → load each file (sources) → merge and book
 * (ledger). Returns the ledger plus everything `check` and `report` need to account for each row.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { bookLedger, type Ledger } from '../ledger/book.js';
import type { Progress } from '../cli/progress.js';
import type { Diagnostic } from '../ledger/diagnostics.js';
import type { Fact, Settings } from '../ledger/facts.js';
import {
  adSpendRule,
  commissionRule,
  fixedCostRule,
  orderLineRule,
  premiumRule,
  unitCostRule,
} from '../ledger/keys.js';
import { CommissionStore, PremiumStore } from '../ledger/fact-stores.js';
import { LineStore } from '../ledger/line-store.js';
import { Merger, type MergeStats } from '../ledger/merge.js';
import {
  FileTally,
  reconcile,
  reconciledAmount,
  RECONCILED_KINDS,
  type Reconciliation,
} from '../ledger/reconcile.js';
import type { InputSummary } from '../report/types.js';
import { findConfig, loadSettings } from '../sources/config.js';
import type { ReadOptions } from '../sources/format.js';
import { listInputs } from '../sources/inputs.js';
import { loadFile, type LoadedFile } from '../sources/load.js';

export interface PipelineOptions extends ReadOptions {
  readonly preferNewest: boolean;
  /** File path → format id (`--as`). */
  readonly as: ReadonlyMap<string, string>;
  readonly config: string | undefined;
  readonly cwd: string;
  /** The progress line on stderr (src/cli/progress.ts); none without it. */
  readonly progress?: Progress;
}

export interface PipelineResult {
  readonly ledger: Ledger;
  readonly files: readonly LoadedFile[];
  readonly inputs: InputSummary[];
  readonly diagnostics: Diagnostic[];
  readonly settings: Settings;
  readonly configFile: string | null;
  /** Per file: input − duplicates = ledger, to the fen. */
  readonly reconciliation: Reconciliation[];
}

/** Paths as the user would type them: relative to the working folder when inside it. */
function display(path: string, cwd: string): string {
  const r = relative(cwd, path);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : path;
}

function byShown(a: { shown: string }, b: { shown: string }): number {
  return a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0;
}

export async function runPipeline(paths: readonly string[], opts: PipelineOptions): Promise<PipelineResult> {
  const { files: names, notRead } = await listInputs(paths, opts.cwd);
  const configFile = await findConfig(opts.config, paths, opts.cwd);
  const { settings } = await loadSettings(configFile, configFile && display(configFile, opts.cwd));
  const forced = new Map([...opts.as].map(([file, id]) => [resolve(opts.cwd, file), id]));
  // Facts are merged as each file is read, files in name order, so that the outcome does not depend on
  // the order PATHs were given in and only the kept fact of each key is held.
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
  const onFact = (f: Fact, format: string): void => {
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
  const files: LoadedFile[] = [];
  const sorted = names.map((path) => ({ path, shown: display(path, opts.cwd) })).sort(byShown);
  try {
    for (const { path, shown } of sorted) {
      const as = forced.get(path);
      const read = {
        excelWrappedIds: opts.excelWrappedIds,
        excelDates: opts.excelDates,
        decimalMark: opts.decimalMark,
        onFact,
        ...(opts.progress ? { onProgress: opts.progress.start(shown) } : {}),
      };
      files.push(await loadFile(path, shown, as ? { ...read, as } : read));
      opts.progress?.stop();
    }
  } finally {
    // Also when a file throws: no progress line is left on the terminal.
    opts.progress?.stop();
  }
  const mergers = [lines, commissions, premiums, ads, unitCosts, fixedCosts] as Merger<Fact>[];
  const merged = mergers.map((x) => x.outcome());
  const ledger = bookLedger(
    {
      lines: lineStore,
      commissions: commissionStore,
      premiums: premiumStore,
      ads: ads.result().kept,
      unitCosts: unitCosts.result().kept,
      fixedCosts: fixedCosts.result().kept,
    },
    settings,
  );

  const mergeStats = (file: string): MergeStats => {
    const total = { duplicates: 0, updates: 0, rejected: 0 };
    for (const r of merged) {
      const s = r.stats.get(file);
      if (s) {
        total.duplicates += s.duplicates;
        total.updates += s.updates;
        total.rejected += s.rejected;
      }
    }
    return total;
  };
  const inputs: InputSummary[] = files.map((f) => {
    const s = mergeStats(f.file);
    return {
      file: f.file,
      sha256: f.sha256,
      format: f.format?.id ?? '(unknown)',
      kind: f.format?.kind ?? '(unknown)',
      rows: f.stats.rows,
      used: f.stats.used - s.duplicates - s.rejected,
      duplicates: s.duplicates,
      updates: s.updates,
      rejected: f.stats.rejected + s.rejected,
      skipped: { ...f.stats.skipped },
    };
  });
  const reconciliation = reconcile([...tallies.values()], ledger.entries(RECONCILED_KINDS, { reuse: true }));
  const diagnostics: Diagnostic[] = [
    ...notRead.map((d) => ({ ...d, file: display(d.file!, opts.cwd) })),
    ...files.flatMap((f) => f.diagnostics),
    ...merged.flatMap((r) => r.diagnostics),
    ...ledger.diagnostics,
    ...reconciliation
      .filter((r) => !r.ok)
      .map((r): Diagnostic => ({
        severity: 'error',
        code: 'E_RECONCILE',
        message: `${r.amount}: the rows carry ${r.input} fen, ${r.duplicates} fen are duplicates, but the ledger booked ${r.ledger} fen`,
        file: r.file,
        hint: 'this is a bug in roi-ledger: please report it with the file',
      })),
  ];
  return { ledger, files, inputs, diagnostics, settings, configFile, reconciliation };
}
