/**
 * `roi-ledger check [PATH...]`: recognises each file, accounts for every row, lists every problem
 * with FILE:LINE. Exit 0 clean, 1 with errors (with --strict, warnings too). Its arguments and options
 * are declared in src/cli/main.ts, which imports this module when the command runs.
 */
import { stdoutPieces, type Io } from '../cli/io.js';
import { stderrProgress } from '../cli/progress.js';
import { loadZod, parseOptions, type Zod } from '../cli/options.js';
import { countBySeverity, exitCode, DEMO_DIR, printDiagnostics, readOptions } from './shared.js';

const checkOptions = (zod: Zod) =>
  zod.object({
    format: zod.enum(['text', 'json']).default('text'),
    verbose: zod.boolean().default(false),
  });

export async function runCheck(
  paths: string[],
  raw: Record<string, unknown>,
  io: Io,
  version: string,
): Promise<number> {
  const zod = await loadZod();
  const o = parseOptions(checkOptions(zod), raw);
  const read = await readOptions(raw, io.cwd, zod);
  const [{ runPipeline }, { formatFen }, { diagnosticJson }] = await Promise.all([
    import('./pipeline.js'),
    import('../ledger/money.js'),
    import('../render/json.js'),
  ]);
  const run = await runPipeline(paths.length ? paths : [DEMO_DIR], { ...read, progress: stderrProgress(io) });
  const { errors, warnings } = countBySeverity(run.diagnostics);
  const code = exitCode({ errors, warnings }, read.strict);
  if (o.format === 'json') {
    // The diagnostics last, and written one by one: a file whose every row is broken has hundreds of
    // thousands of them (100 k order lines with a bad date: 77 MB of JSON), which as one string took
    // 600 MB and at 1 M lines would pass V8's longest string.
    const head = JSON.stringify(
      {
        schema: 'roi-ledger/check@1',
        generated_by: `roi-ledger ${version}`,
        ok: code === 0,
        errors,
        warnings,
        inputs: run.inputs.map((f, i) => ({
          ...f,
          ignored_columns: run.files[i]?.ignoredColumns ?? [],
          summary_rows: (run.files[i]?.summaries ?? []).map((x) => ({
            line: x.line,
            column: x.column,
            stated: formatFen(x.stated),
            data_rows: formatFen(x.found),
            ok: x.stated === x.found,
          })),
        })),
        reconciliation: run.reconciliation.map((r) => ({
          file: r.file,
          amount: r.amount,
          input: formatFen(r.input),
          duplicates: formatFen(r.duplicates),
          ledger: formatFen(r.ledger),
          ok: r.ok,
        })),
        diagnostics: 0,
      },
      null,
      2,
    );
    await writeJsonList(io, head, run.diagnostics, diagnosticJson);
    return code;
  }
  const lines: string[] = [];
  for (const [i, f] of run.inputs.entries()) {
    const skipped = Object.entries(f.skipped)
      .filter(([, n]) => n > 0)
      .map(([r, n]) => `${r} ${n}`)
      .join(', ');
    lines.push(
      `${f.file}: ${f.format} · ${f.rows} rows: ${f.used} used, ${f.duplicates} duplicates, ${f.updates} updates, ${skipped ? `skipped ${skipped}, ` : ''}${f.rejected} rejected`,
    );
    const ignored = run.files[i]?.ignoredColumns ?? [];
    if (o.verbose && ignored.length) lines.push(`  columns not used: ${ignored.join(', ')}`);
    for (const x of run.files[i]?.summaries ?? [])
      lines.push(
        `  summary row at line ${x.line}: ${x.column} states ${formatFen(x.stated)}, data rows ${formatFen(x.found)}${x.stated === x.found ? ' ✓' : ' ✗'}`,
      );
  }
  if (run.reconciliation.length) {
    lines.push('', 'reconciliation (input − duplicates = ledger):');
    for (const r of run.reconciliation)
      lines.push(
        `  ${r.file}: ${r.amount} ${formatFen(r.input)} − ${formatFen(r.duplicates)} = ${formatFen(r.ledger)}${r.ok ? ' ✓' : ' ✗'}`,
      );
    lines.push('');
  }
  io.stdout(`${lines.join('\n')}\n`);
  printDiagnostics(io, run.diagnostics, { quiet: read.quiet, all: o.verbose });
  io.stdout(
    `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${code ? '' : ': clean'}\n`,
  );
  return code;
}

/**
 * Prints `head` (a document by `JSON.stringify(…, null, 2)` whose last property is a placeholder 0)
 * with that property the list of `items` instead, exactly as `JSON.stringify` would print it whole,
 * a piece at a time, each passed on before the next is made.
 */
async function writeJsonList<T>(
  io: Io,
  head: string,
  items: readonly T[],
  toJson: (item: T) => unknown,
): Promise<void> {
  if (!head.endsWith(': 0\n}')) throw new Error('writeJsonList: the last property must be the placeholder 0');
  const out = stdoutPieces(io);
  out.add(head.slice(0, -3));
  if (items.length === 0) out.add('[]\n}\n');
  else {
    out.add('[\n');
    for (let i = 0; i < items.length; i++) {
      // An item two levels down: its lines indented by 4 more (a JSON string holds no raw line break).
      const item = JSON.stringify(toJson(items[i]!), null, 2).replace(/\n/g, '\n    ');
      if (out.add(`${i ? ',\n' : ''}    ${item}`)) await out.flush();
    }
    out.add('\n  ]\n}\n');
  }
  await out.flush();
}
