#!/usr/bin/env node
/**
 * `npm run bench`: the speed benchmark of issue 4. For each size it generates the data if needed
 * (generate.mjs), then runs, interleaved, `roi-ledger report DIR --format json --by channel,sku` and
 * DuckDB on the same order file with 2 threads and with 1 thread (duckdb-sums.mjs), each as its own
 * process, N times (default 3, warm page cache), and reports medians, and checks that DuckDB's per-SKU
 * and per-channel gmv and net_gmv equal the report's (and the generator's own tally).
 *
 *   node scripts/bench/run.mjs [--sizes 100k,1m] [--big] [--runs 3] [--timeout 1800]
 *
 * Peak RSS: GNU time's %M (maximum resident set size of the measured process, KiB) through
 * /usr/bin/time when it exists; else /proc/<pid>/status VmHWM polled every 10 ms. Wall time: the
 * harness's monotonic clock around the child process (spawn to exit, Node start-up included, for both).
 * CPU time (user + system, GNU time's %U + %S) is recorded too: on a shared machine it moves less than
 * wall time when neighbours compete for the cores.
 *
 * Prints a Markdown table and writes the same figures to bench-data/results.json. Exits 1 when the
 * figures disagree or a run fails.
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { BENCH_ROOT, generate, parseCount } from './generate.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'bin', 'roi-ledger.js');
const DUCK = join(ROOT, 'scripts', 'bench', 'duckdb-sums.mjs');
const GNU_TIME = '/usr/bin/time';
const RSS_METHOD = existsSync(GNU_TIME)
  ? 'GNU time %M (/usr/bin/time -f %M: peak RSS of the measured process)'
  : '/proc/<pid>/status VmHWM polled every 10 ms';

// ---------------------------------------------------------------------------------------------------
// Measuring one process.
// ---------------------------------------------------------------------------------------------------

const scratch = mkdtempSync(join(tmpdir(), 'roi-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

function readHwmKiB(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs `node ARGS` in the repository root. Returns wall time (ms), peak RSS (KiB), exit code, stdout
 * and the tail of stderr. A run over `timeoutMs` is killed (its own process group) and marked so.
 */
async function measure(args, timeoutMs) {
  const timeFile = join(scratch, 'rss.txt');
  const argv = existsSync(GNU_TIME)
    ? [GNU_TIME, ['-f', '%M %U %S', '-o', timeFile, process.execPath, ...args]]
    : [process.execPath, args];
  const started = process.hrtime.bigint();
  const child = spawn(argv[0], argv[1], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const out = [];
  const err = [];
  child.stdout.on('data', (b) => out.push(b));
  child.stderr.on('data', (b) => err.push(b));
  let hwm = 0;
  let polling = !existsSync(GNU_TIME);
  const poll = async () => {
    while (polling) {
      hwm = Math.max(hwm, readHwmKiB(child.pid));
      await sleep(10);
    }
  };
  const poller = poll();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, timeoutMs);
  const [code, signal] = await new Promise((res) => child.on('close', (c, s) => res([c, s])));
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  clearTimeout(timer);
  polling = false;
  await poller;
  let rssKiB = hwm;
  let cpuMs = null;
  if (existsSync(GNU_TIME)) {
    // GNU time writes "Command exited with non-zero status N" before the figures when the command fails.
    const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
    const [rss, user, sys] = lines[lines.length - 1].split(' ').map(Number);
    rssKiB = rss || 0;
    cpuMs = Number.isFinite(user + sys) ? (user + sys) * 1000 : null;
  }
  const stderr = Buffer.concat(err).toString('utf8');
  return {
    wallMs,
    cpuMs,
    rssKiB,
    code: timedOut ? null : code,
    signal,
    timedOut,
    stdout: Buffer.concat(out).toString('utf8'),
    stderrTail: stderr.split('\n').slice(-6).join('\n').trim(),
  };
}

/** Reads every file once so that the first timed run does not pay for a cold page cache. */
async function warm(dir, files) {
  for (const f of files)
    for await (const chunk of createReadStream(join(dir, f.path), { highWaterMark: 1 << 20 })) void chunk;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// ---------------------------------------------------------------------------------------------------
// Checking the figures: money compared as integer fen.
// ---------------------------------------------------------------------------------------------------

function fen(s) {
  const m = /^(-?)(\d+)\.(\d\d)$/.exec(String(s));
  if (!m) throw new Error(`not a money string with two decimals: ${JSON.stringify(s)}`);
  const v = BigInt(m[2]) * 100n + BigInt(m[3]);
  return m[1] ? -v : v;
}

/** The report's channel and sku tables as {dim: {key: {gmv, net_gmv}}}, plus their totals rows. */
function reportFigures(json) {
  const report = JSON.parse(json);
  const out = {};
  for (const dim of ['channel', 'sku']) {
    const table = (report.tables ?? []).find((t) => t.by === dim);
    if (!table) throw new Error(`the report has no ${dim} table`);
    out[dim] = Object.fromEntries(table.rows.map((r) => [r.key, { gmv: r.gmv, net_gmv: r.net_gmv }]));
    out[`${dim}_totals`] = { gmv: table.totals.gmv, net_gmv: table.totals.net_gmv };
  }
  return out;
}

/**
 * Differences between two {key: {gmv, net_gmv}} maps. A key missing on one side counts as 0, so the
 * report's `(unattributed)` row (commissions, premiums, ads only: gmv 0) needs no special case.
 */
function differences(label, ours, theirs) {
  const diffs = [];
  for (const key of new Set([...Object.keys(ours), ...Object.keys(theirs)]))
    for (const f of ['gmv', 'net_gmv']) {
      const a = ours[key] ? fen(ours[key][f]) : 0n;
      const b = theirs[key] ? fen(theirs[key][f]) : 0n;
      if (a !== b)
        diffs.push(`${label} ${key} ${f}: ${ours[key]?.[f] ?? '(none)'} vs ${theirs[key]?.[f] ?? '(none)'}`);
    }
  return diffs;
}

function sumOf(map) {
  let gmv = 0n;
  let net = 0n;
  for (const v of Object.values(map)) [gmv, net] = [gmv + fen(v.gmv), net + fen(v.net_gmv)];
  return { gmv, net };
}

function check(report, duck, truth) {
  const diffs = [];
  for (const dim of ['channel', 'sku']) {
    diffs.push(...differences(`report vs DuckDB, ${dim}`, report[dim], duck[dim]));
    const total = sumOf(duck[dim]);
    const t = report[`${dim}_totals`];
    if (fen(t.gmv) !== total.gmv || fen(t.net_gmv) !== total.net)
      diffs.push(`report vs DuckDB, ${dim} totals: ${t.gmv}/${t.net_gmv} vs DuckDB's sum of rows`);
    // The generator's own tally: a check of the DuckDB query itself.
    diffs.push(...differences(`DuckDB vs generator, ${dim}`, duck[dim], truth[dim]));
  }
  return diffs;
}

// ---------------------------------------------------------------------------------------------------
// Main.
// ---------------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const args = { sizes: ['100k', '1m'], big: false, runs: 3, timeout: 1800 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--sizes') args.sizes = argv[++i].split(',').map((s) => s.trim().toLowerCase());
    else if (a === '--big') args.big = true;
    else if (a === '--runs') args.runs = Number(argv[++i]);
    else if (a === '--timeout') args.timeout = Number(argv[++i]);
    else if (a === '--help' || a === '-h') {
      process.stdout.write(
        'usage: node scripts/bench/run.mjs [--sizes 100k,1m] [--big] [--runs 3] [--timeout 1800]\n',
      );
      process.exit(0);
    } else throw new Error(`unknown argument: ${a}`);
  }
  if (args.big && !args.sizes.includes('10m')) args.sizes.push('10m');
  if (!Number.isInteger(args.runs) || args.runs < 1) throw new Error('--runs must be a positive integer');
  return args;
}

const log = (s) => process.stderr.write(`bench: ${s}\n`);
const secs = (ms) => (ms === null ? '—' : `${(ms / 1000).toFixed(2)} s`);
const cpu = (ms) => (ms === null ? '—' : (ms / 1000).toFixed(1));
const mib = (kib) => (kib === null ? '—' : `${Math.round(kib / 1024)} MiB`);

async function benchSize(label, runs, timeoutMs) {
  const lines = parseCount(label);
  const dir = join(BENCH_ROOT, label);
  const manifest = await generate({ lines, out: dir, log });
  const orderFile = join(dir, manifest.order_file);
  const orderBytes = manifest.files.find((f) => f.path === manifest.order_file).bytes;
  const inputBytes = manifest.files.filter((f) => f.path.endsWith('.csv')).reduce((s, f) => s + f.bytes, 0);
  await warm(dir, manifest.files);

  const ours = [];
  const duck2 = [];
  const duck1 = [];
  const failures = [];
  const rel = relative(ROOT, dir);
  for (let r = 0; r < runs; r++) {
    // Interleaved, so that a neighbour's load falls on all three alike.
    const o = await measure([CLI, 'report', rel, '--format', 'json', '--by', 'channel,sku'], timeoutMs);
    log(
      `${label} run ${r + 1}: roi-ledger ${secs(o.wallMs)}, ${mib(o.rssKiB)}${o.code === 0 ? '' : ' FAILED'}`,
    );
    ours.push(o);
    for (const [threads, list] of [
      [2, duck2],
      [1, duck1],
    ]) {
      const d = await measure([DUCK, orderFile, String(threads)], timeoutMs);
      log(
        `${label} run ${r + 1}: DuckDB ${threads}t ${secs(d.wallMs)}, ${mib(d.rssKiB)}${d.code === 0 ? '' : ' FAILED'}`,
      );
      list.push(d);
    }
  }
  for (const [name, list] of [
    ['roi-ledger', ours],
    ['DuckDB 2t', duck2],
    ['DuckDB 1t', duck1],
  ])
    for (const m of list)
      if (m.code !== 0)
        failures.push(
          `${name}: ${m.timedOut ? `timed out after ${timeoutMs / 1000} s` : `exit ${m.code ?? m.signal}`}: ${m.stderrTail}`,
        );

  let diffs = [];
  if (ours.some((m) => m.code === 0) && duck2.some((m) => m.code === 0)) {
    try {
      const duck = JSON.parse(duck2.find((m) => m.code === 0).stdout);
      // Every successful run of ours must give the same figures.
      for (const m of ours.filter((x) => x.code === 0))
        diffs.push(...check(reportFigures(m.stdout), duck, manifest.truth));
      for (const m of duck1.filter((x) => x.code === 0)) {
        const d1 = JSON.parse(m.stdout);
        for (const dim of ['channel', 'sku'])
          diffs.push(...differences(`DuckDB 1t vs 2t, ${dim}`, d1[dim], duck[dim]));
      }
    } catch (e) {
      diffs.push(`could not compare: ${e.message}`);
    }
  } else diffs.push('no successful run to compare');
  diffs = [...new Set(diffs)];

  const ok = (list) => list.filter((m) => m.code === 0);
  const med = (list, f) => (ok(list).length ? median(ok(list).map(f)) : null);
  const oursMs = ours.every((m) => m.code === 0) ? median(ours.map((m) => m.wallMs)) : null;
  const duck2Ms = med(duck2, (m) => m.wallMs);
  const duck1Ms = med(duck1, (m) => m.wallMs);
  const duckQueryMs = med(duck2, (m) => JSON.parse(m.stdout).query_ms);
  return {
    size: label,
    lines,
    paid_lines: manifest.stats.paid_lines,
    order_file_bytes: orderBytes,
    input_bytes: inputBytes,
    files: manifest.files,
    runs,
    ours: {
      wall_ms_median: oursMs,
      wall_ms: ours.map((m) => m.wallMs),
      cpu_ms_median: med(ours, (m) => m.cpuMs),
      peak_rss_kib_median: med(ours, (m) => m.rssKiB),
      peak_rss_kib: ours.map((m) => m.rssKiB),
      rows_per_s: oursMs ? lines / (oursMs / 1000) : null,
      mb_per_s: oursMs ? inputBytes / 1e6 / (oursMs / 1000) : null,
    },
    duckdb_2t: {
      wall_ms_median: duck2Ms,
      wall_ms: duck2.map((m) => m.wallMs),
      query_ms_median: duckQueryMs,
      cpu_ms_median: med(duck2, (m) => m.cpuMs),
      peak_rss_kib_median: med(duck2, (m) => m.rssKiB),
    },
    duckdb_1t: {
      wall_ms_median: duck1Ms,
      wall_ms: duck1.map((m) => m.wallMs),
      cpu_ms_median: med(duck1, (m) => m.cpuMs),
      peak_rss_kib_median: med(duck1, (m) => m.rssKiB),
    },
    ratio_ours_to_duckdb_2t: oursMs && duck2Ms ? oursMs / duck2Ms : null,
    figures_agree: diffs.length === 0 && failures.length === 0,
    differences: diffs.slice(0, 50),
    failures,
  };
}

async function startupTimes(n) {
  const out = {};
  for (const flag of ['--help', '--version']) {
    const walls = [];
    for (let i = 0; i < n; i++) {
      const m = await measure([CLI, flag], 60000);
      if (m.code !== 0) throw new Error(`roi-ledger ${flag} exited ${m.code}: ${m.stderrTail}`);
      walls.push(m.wallMs);
    }
    out[flag] = { wall_ms_median: median(walls), wall_ms: walls };
  }
  return out;
}

function printTable(results, startup, machine) {
  const head = [
    'size',
    'lines',
    'MB (orders / all)',
    'roi-ledger',
    'DuckDB 2t / 1t',
    'ratio vs 2t',
    'rows/s',
    'MB/s',
    'our peak RSS',
    'DuckDB peak RSS (2t)',
    'CPU s, ours / DuckDB 2t',
    'figures agree',
  ];
  const rows = results.map((r) => [
    r.size,
    r.lines.toLocaleString('en-US'),
    `${(r.order_file_bytes / 1e6).toFixed(0)} / ${(r.input_bytes / 1e6).toFixed(0)}`,
    secs(r.ours.wall_ms_median),
    `${secs(r.duckdb_2t.wall_ms_median)} / ${secs(r.duckdb_1t.wall_ms_median)}`,
    r.ratio_ours_to_duckdb_2t === null ? '—' : `${r.ratio_ours_to_duckdb_2t.toFixed(2)}×`,
    r.ours.rows_per_s === null ? '—' : Math.round(r.ours.rows_per_s).toLocaleString('en-US'),
    r.ours.mb_per_s === null ? '—' : r.ours.mb_per_s.toFixed(1),
    mib(r.ours.peak_rss_kib_median),
    mib(r.duckdb_2t.peak_rss_kib_median),
    `${cpu(r.ours.cpu_ms_median)} / ${cpu(r.duckdb_2t.cpu_ms_median)}`,
    r.figures_agree ? 'yes' : 'NO',
  ]);
  const line = (cells) => `| ${cells.join(' | ')} |`;
  const text = [
    '',
    line(head),
    line(head.map(() => '---')),
    ...rows.map(line),
    '',
    `Medians of ${results[0]?.runs ?? 0} warm runs, wall time of the whole process (Node start-up included for both). ` +
      'rows/s = order lines / our wall; MB/s = all input CSVs / our wall; DuckDB reads the order file only.',
    `Peak RSS: ${RSS_METHOD}. CPU = user + system seconds.`,
    `Load average (1 min) before / after: ${machine.load_average_before[0].toFixed(2)} / ` +
      `${machine.load_average_after[0].toFixed(2)} on ${machine.cores} cores (above ~0.5, other work shared the machine).`,
    `roi-ledger --help: ${secs(startup['--help'].wall_ms_median)}, --version: ${secs(startup['--version'].wall_ms_median)} (medians of 10)`,
    '',
  ];
  for (const r of results) {
    for (const f of r.failures) text.push(`${r.size}: FAILED ${f}`);
    for (const d of r.differences.slice(0, 10)) text.push(`${r.size}: differs: ${d}`);
  }
  process.stdout.write(text.join('\n') + '\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const startedAt = new Date().toISOString();
  const loadBefore = loadavg();
  if (loadBefore[0] > 0.5)
    log(
      `load average ${loadBefore[0].toFixed(2)} on ${cpus().length} cores: other work is running, timings will be noisy`,
    );
  const results = [];
  for (const size of args.sizes) results.push(await benchSize(size, args.runs, args.timeout * 1000));
  const startup = await startupTimes(10);
  const duckdbVersion = JSON.parse(
    readFileSync(join(ROOT, 'node_modules', '@duckdb', 'node-api', 'package.json'), 'utf8'),
  ).version;
  const summary = {
    started_at: startedAt,
    machine: {
      node: process.version,
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memory_gib: Math.round(totalmem() / 2 ** 30),
      load_average_before: loadBefore,
      load_average_after: loadavg(),
    },
    duckdb: `@duckdb/node-api ${duckdbVersion}`,
    command: 'node bin/roi-ledger.js report DIR --format json --by channel,sku',
    rss_method: RSS_METHOD,
    sizes: results,
    startup,
  };
  writeFileSync(join(BENCH_ROOT, 'results.json'), JSON.stringify(summary, null, 2) + '\n');
  printTable(results, startup, summary.machine);
  log(`wrote ${relative(ROOT, join(BENCH_ROOT, 'results.json'))}`);
  if (results.some((r) => !r.figures_agree)) process.exitCode = 1;
}

main().catch((e) => {
  process.stderr.write(`bench: ${e.stack ?? e.message}\n`);
  process.exitCode = 1;
});
