/**
 * The pipeline every command runs: list inputs → load each file (sources) → merge and book
 * (ledger). Returns the ledger plus everything `check` and `report` need to account for each row.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { bookLedger, type Ledger } from '../ledger/book.js';
import type { Diagnostic } from '../ledger/diagnostics.js';
import type {
  AdSpendFact,
  CommissionFact,
  Fact,
  FixedCostFact,
  OrderLineFact,
  PremiumFact,
  Settings,
  UnitCostFact,
} from '../ledger/facts.js';
import {
  adSpendRule,
  commissionRule,
  fixedCostRule,
  orderLineRule,
  premiumRule,
  unitCostRule,
} from '../ledger/keys.js';
import { mergeFacts, type MergeResult, type MergeStats } from '../ledger/merge.js';
import { reconcile, RECONCILED_KINDS, type Reconciliation } from '../ledger/reconcile.js';
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

function byKind<K extends Fact['kind']>(files: readonly LoadedFile[], kind: K): Extract<Fact, { kind: K }>[] {
  const out: Extract<Fact, { kind: K }>[] = [];
  for (const f of files)
    for (const x of f.facts) if (x.kind === kind) out.push(x as Extract<Fact, { kind: K }>);
  return out;
}

export async function runPipeline(paths: readonly string[], opts: PipelineOptions): Promise<PipelineResult> {
  const { files: names, notRead } = await listInputs(paths, opts.cwd);
  const configFile = await findConfig(opts.config, paths, opts.cwd);
  const { settings } = await loadSettings(configFile, configFile && display(configFile, opts.cwd));
  const forced = new Map([...opts.as].map(([file, id]) => [resolve(opts.cwd, file), id]));
  const files: LoadedFile[] = [];
  for (const path of names) {
    const shown = display(path, opts.cwd);
    const as = forced.get(path);
    const read = {
      excelWrappedIds: opts.excelWrappedIds,
      excelDates: opts.excelDates,
      decimalMark: opts.decimalMark,
    };
    files.push(await loadFile(path, shown, as ? { ...read, as } : read));
  }
  // Merge in file-name order so that the outcome does not depend on the order PATHs were given in.
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  const scope = new Map<string, string>(files.map((f) => [f.file, f.format?.id ?? '']));
  const m = { preferNewest: opts.preferNewest };
  const merged: MergeResult<Fact>[] = [];
  const lines = mergeFacts(byKind(files, 'order_line'), orderLineRule, m);
  const commissions = mergeFacts(byKind(files, 'commission'), commissionRule, m);
  const premiums = mergeFacts(byKind(files, 'premium'), premiumRule, m);
  const ads = mergeFacts(
    byKind(files, 'ad_spend'),
    adSpendRule((f) => scope.get(f.source.file) ?? ''),
    m,
  );
  const unitCosts = mergeFacts(byKind(files, 'unit_cost'), unitCostRule, m);
  const fixedCosts = mergeFacts(byKind(files, 'fixed_cost'), fixedCostRule, m);
  merged.push(lines, commissions, premiums, ads, unitCosts, fixedCosts);

  const ledger = bookLedger(
    {
      lines: lines.kept as OrderLineFact[],
      commissions: commissions.kept as CommissionFact[],
      premiums: premiums.kept as PremiumFact[],
      ads: ads.kept as AdSpendFact[],
      unitCosts: unitCosts.kept as UnitCostFact[],
      fixedCosts: fixedCosts.kept as FixedCostFact[],
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
  const kept = new Set<Fact>(merged.flatMap((r) => r.kept));
  const reconciliation = reconcile(files, kept, ledger.entries(RECONCILED_KINDS));
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
