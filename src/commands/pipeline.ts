/**
 * The pipeline every command runs: list inputs → load each file (sources) → merge and book
 * (ledger). Returns the ledger plus everything `check` and `report` need to account for each row.
 * Big commission and premium files, and chunks of the biggest order file's later part, are read on
 * a second thread meanwhile (read-group.ts, claims.ts).
 */
import { open, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { bookLedger, eachEntry, type Ledger, type MergedFacts } from '../ledger/book.js';
import type { Progress } from '../cli/progress.js';
import type { Diagnostic } from '../ledger/diagnostics.js';
import type { Settings } from '../ledger/facts.js';
import type { MergeStats } from '../ledger/merge.js';
import { BookedSums, type FileTally, type Reconciliation } from '../ledger/reconcile.js';
import type { InputSummary } from '../report/types.js';
import { findConfig, loadSettings } from '../sources/config.js';
import type { FormatKind, ReadOptions } from '../sources/format.js';
import { listInputs } from '../sources/inputs.js';
import { cutsAtLineFeeds } from '../sources/decode.js';
import { sha256Of, stopHashing } from '../sources/hash.js';
import { sniffFile, type LoadedFile, type Sniffed } from '../sources/load.js';
import { Claims, MAX_CHUNKS } from './claims.js';
import {
  FACT_KINDS,
  readGroup,
  type FactKind,
  type GroupFile,
  type GroupOptions,
  type GroupResult,
  type MergeOutcome,
  type RestSource,
} from './read-group.js';
import { readAway, ThreadLost } from './read-worker.js';

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

/**
 * A run read and booked, not yet reconciled nor hashed: its diagnostics are those of the inputs and
 * the booking, its inputs' sha256 are empty. `finish` ends it: reconciliation from the sums of a walk
 * that visited the ledger's entries of RECONCILED_KINDS (the report's own), else from a walk of its
 * own, its failures joining the diagnostics; and the inputs with their sha256, once hashed.
 */
export interface BookedRun extends Omit<PipelineResult, 'reconciliation'> {
  finish(booked?: BookedSums): Promise<PipelineResult>;
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
  return (await bookPipeline(paths, opts)).finish();
}

/** The pipeline up to the booked ledger: `finish` ends it. */
export async function bookPipeline(paths: readonly string[], opts: PipelineOptions): Promise<BookedRun> {
  const { files: names, notRead } = await listInputs(paths, opts.cwd);
  const configFile = await findConfig(opts.config, paths, opts.cwd);
  const { settings } = await loadSettings(configFile, configFile && display(configFile, opts.cwd));
  const forced = new Map([...opts.as].map(([file, id]) => [resolve(opts.cwd, file), id]));
  const sorted: GroupFile[] = names
    .map((path) => ({ path, shown: display(path, opts.cwd) }))
    .sort(byShown)
    .map((f) => {
      const as = forced.get(f.path);
      return as ? { ...f, as } : f;
    });
  const read: GroupOptions = {
    excelWrappedIds: opts.excelWrappedIds,
    excelDates: opts.excelDates,
    decimalMark: opts.decimalMark,
    preferNewest: opts.preferNewest,
  };
  const { files, tallies, stores, outcomes } = await readBoth(
    await splitAway(sorted, read),
    read,
    opts.progress,
  );
  // The files are hashed once they are read (hash.ts): while both threads parse, a hashing thread
  // would take CPU from them, and one is idle from here on, while the run books and reports.
  const hashes = sorted.map((f) => sha256Of(f.path));
  for (const h of hashes) h.catch(() => undefined);
  const ledger = bookLedger(stores, settings);

  const mergeStats = (file: string): MergeStats => {
    const total = { duplicates: 0, updates: 0, rejected: 0 };
    for (const r of outcomes) {
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
      sha256: '',
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
  const diagnostics: Diagnostic[] = [
    ...notRead.map((d) => ({ ...d, file: display(d.file!, opts.cwd) })),
    ...files.flatMap((f) => f.diagnostics),
    ...outcomes.flatMap((r) => r.diagnostics),
    ...ledger.diagnostics,
  ];
  const finish = async (given?: BookedSums): Promise<PipelineResult> => {
    let booked = given;
    if (!booked) {
      booked = new BookedSums();
      eachEntry(ledger, booked.kinds, booked.visit);
    }
    const reconciliation = booked.against(tallies);
    const failed = reconciliation
      .filter((r) => !r.ok)
      .map((r): Diagnostic => ({
        severity: 'error',
        code: 'E_RECONCILE',
        message: `${r.amount}: the rows carry ${r.input} fen, ${r.duplicates} fen are duplicates, but the ledger booked ${r.ledger} fen`,
        file: r.file,
        hint: 'this is a bug in roi-ledger: please report it with the file',
      }));
    const hexes = await Promise.all(hashes);
    // The hashing thread's memory goes as soon as nothing is pending.
    await stopHashing();
    return {
      ledger,
      files,
      inputs: inputs.map((input, i) => ({ ...input, sha256: hexes[i]! })),
      diagnostics: [...diagnostics, ...failed],
      settings,
      configFile,
      reconciliation,
    };
  };
  return { ledger, files, inputs, diagnostics, settings, configFile, finish };
}

/**
 * Commission and premium files are read on a second thread when they hold at least this much, and
 * chunks of the biggest order file's later part when it is at least this big.
 */
const AWAY_MIN_BYTES = 8 * 1024 * 1024;
const AWAY_FORMATS: ReadonlySet<FormatKind> = new Set(['commissions', 'insurance']);
const AWAY_KINDS: readonly FactKind[] = ['commission', 'premium'];
/**
 * The order file is cut into about this many chunks, of at most CHUNK_MAX_BYTES (and at least 1 MiB,
 * or the threshold when it is set lower): small enough that neither thread waits long for the
 * other's last chunk, big enough that a chunk's start-up costs nothing (1 M bench: 48 chunks of 12 MB).
 */
const CHUNKS = 48;
const CHUNK_MAX_BYTES = 64 * 1024 * 1024;
const CHUNK_MIN_BYTES = 1024 * 1024;
/** How far past a chunk's planned start a line start is looked for. */
const LINE_SEARCH_BYTES = 1024 * 1024;

interface Split {
  readonly here: readonly Indexed[];
  readonly away: readonly Indexed[];
  /** An order file whose chunks from `bounds[0]` on are shared out between the threads (`RestSource`). */
  readonly rest: { readonly file: Indexed; readonly bounds: number[]; readonly sniffed: Sniffed } | null;
}
type Indexed = GroupFile & { readonly index: number };

/**
 * Which files this thread reads and which the second one does: the commission and premium files
 * (told by their headers) when they are big enough to pay for a thread, and chunks of the biggest
 * order file, taken by both threads as they go. The threshold can be set by
 * ROI_LEDGER_THREAD_MIN_BYTES (the tests use 0 to run the second thread on small files).
 */
async function splitAway(files: readonly GroupFile[], read: GroupOptions): Promise<Split> {
  const indexed = files.map((f, index) => ({ ...f, index }));
  const all = { here: indexed, away: [], rest: null };
  const set = process.env.ROI_LEDGER_THREAD_MIN_BYTES;
  const min = set !== undefined && /^\d+$/.test(set) ? Number(set) : AWAY_MIN_BYTES;
  const sizes = await Promise.all(
    files.map((f) =>
      stat(f.path).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  if (sizes.reduce((a, b) => a + b, 0) < min) return all;
  // A file that cannot be read, or has no known header, stays here: its error is told in its place.
  const sniffed = await Promise.all(
    files.map((f) =>
      sniffFile(f.path, f.shown, { ...read, ...(f.as ? { as: f.as } : {}) }).catch(() => null),
    ),
  );
  const kind = (f: Indexed) => sniffed[f.index]?.format?.kind;
  const cuttable = (f: Indexed) => cutsAtLineFeeds(sniffed[f.index]?.detected?.encoding);
  const bytes = (list: readonly Indexed[]) => list.reduce((a, f) => a + sizes[f.index]!, 0);
  let away = indexed.filter((f) => AWAY_FORMATS.has(kind(f) as FormatKind));
  if (bytes(away) < min) away = [];
  const here = indexed.filter((f) => !away.includes(f));
  const orders = here
    .filter((f) => kind(f) === 'orders' && cuttable(f) && sizes[f.index]! >= min && sizes[f.index]! > 0)
    .sort((a, b) => sizes[b.index]! - sizes[a.index]!)[0];
  let rest: Split['rest'] = null;
  if (orders) {
    const size = sizes[orders.index]!;
    const chunk = Math.min(CHUNK_MAX_BYTES, Math.max(Math.min(CHUNK_MIN_BYTES, min), size / CHUNKS, 1));
    const planned: number[] = [];
    for (let at = chunk; at < size && planned.length < MAX_CHUNKS; at += chunk) planned.push(Math.floor(at));
    const starts = await lineStartsFrom(orders.path, planned);
    // Strictly rising line starts before the end: each chunk holds at least a line.
    const bounds = starts.filter(
      (at, k): at is number => at !== null && at < size && at > (starts[k - 1] ?? 0),
    );
    if (bounds.length)
      rest = { file: orders, bounds: [...bounds, Infinity], sniffed: sniffed[orders.index]! };
  }
  if (away.length === 0 && rest === null) return all;
  return { here, away, rest };
}

/** For each offset, the first line start at or after it (just after a line feed), or null within reach. */
async function lineStartsFrom(path: string, offsets: readonly number[]): Promise<(number | null)[]> {
  const file = await open(path, 'r');
  try {
    const buf = Buffer.alloc(LINE_SEARCH_BYTES);
    const found: (number | null)[] = [];
    for (const from of offsets) {
      const { bytesRead } = await file.read(buf, 0, buf.length, Math.max(0, from - 1));
      const lf = buf.subarray(0, bytesRead).indexOf(0x0a);
      found.push(lf < 0 ? null : Math.max(0, from - 1) + lf + 1);
    }
    return found;
  } finally {
    await file.close();
  }
}

interface BothRead {
  /** In the order of the sorted inputs. */
  readonly files: LoadedFile[];
  readonly tallies: FileTally[];
  readonly stores: MergedFacts;
  /** Each merge's outcome, in FACT_KINDS order. */
  readonly outcomes: MergeOutcome[];
}

/** Reads both groups, the second on a worker thread when one can run, and puts them side by side. */
async function readBoth(
  { here, away, rest }: Split,
  read: GroupOptions,
  progress: Progress | undefined,
): Promise<BothRead> {
  const awayKinds = new Set<FactKind>(away.length ? AWAY_KINDS : []);
  const hereKinds = new Set(FACT_KINDS.filter((k) => !awayKinds.has(k)));
  const claims = rest ? Claims.over(rest.bounds.length - 1) : null;
  const restJob = rest && { file: rest.file, bounds: rest.bounds, shared: claims!.shared };
  const thread = away.length || rest ? readAway(restJob, away, [...awayKinds], read) : null;
  // Without a thread, nobody takes chunks from the back: this read takes them all, as in one piece.
  const rests = new Map<string, RestSource>();
  if (rest && thread)
    rests.set(rest.file.path, {
      bounds: rest.bounds,
      claims: claims!,
      detected: rest.sniffed.detected!,
      delimiter: rest.sniffed.delimiter,
      result: () => thread.rest,
    });
  let mine: GroupResult;
  try {
    mine = await readGroup(here, hereKinds, read, progress, rests);
  } catch (e) {
    thread?.stop();
    throw e;
  }
  let theirs: GroupResult | null = null;
  if (away.length) {
    try {
      if (!thread) throw new ThreadLost('no thread');
      theirs = await thread.result;
    } catch (e) {
      if (!(e instanceof ThreadLost)) throw e;
      theirs = await readGroup(away, awayKinds, read, progress);
    }
  } else thread?.stop();
  const files: LoadedFile[] = new Array<LoadedFile>(here.length + away.length);
  here.forEach((f, k) => (files[f.index] = mine.files[k]!));
  away.forEach((f, k) => (files[f.index] = theirs!.files[k]!));
  const first = new Map<string, number>();
  files.forEach((f, i) => first.has(f.file) || first.set(f.file, i));
  const tallies = [...mine.tallies, ...(theirs?.tallies ?? [])].sort(
    (a, b) => first.get(a.file)! - first.get(b.file)!,
  );
  const owner = (k: FactKind) => (awayKinds.has(k) ? theirs! : mine);
  return {
    files,
    tallies,
    stores: {
      lines: mine.lines,
      commissions: owner('commission').commissions,
      premiums: owner('premium').premiums,
      ads: mine.ads,
      unitCosts: mine.unitCosts,
      fixedCosts: mine.fixedCosts,
    },
    outcomes: FACT_KINDS.map((k, i) => owner(k).outcomes[i]!),
  };
}
