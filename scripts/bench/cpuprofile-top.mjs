#!/usr/bin/env node
/**
 * Sums the self time of a V8 .cpuprofile (from `node --cpu-prof`) by function and prints the top ones.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof bin/roi-ledger.js report bench-data/1m --format json >/dev/null
 *   node scripts/bench/cpuprofile-top.mjs /tmp/prof/CPU.*.cpuprofile [--top 25] [--by file]
 *
 * Self time of a node = its hit count × the sampling interval (the profile's timeDeltas are summed per
 * sample, which is exact when samples are unevenly spaced). `--by file` groups by script instead.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

function summarize(profile, by) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMicros = new Map();
  const { samples, timeDeltas } = profile;
  // timeDeltas[i] is the time since the previous sample; it is the duration of sample i-1.
  for (let i = 0; i < samples.length; i++) {
    const dt = i + 1 < timeDeltas.length ? timeDeltas[i + 1] : 0;
    selfMicros.set(samples[i], (selfMicros.get(samples[i]) ?? 0) + Math.max(0, dt));
  }
  const totals = new Map();
  let all = 0;
  for (const [id, micros] of selfMicros) {
    const { callFrame: f } = nodes.get(id);
    const url = f.url ? relative(process.cwd(), f.url.replace(/^file:\/\//, '')) : '';
    const key =
      by === 'file'
        ? url || `(${f.functionName || 'native'})`
        : `${f.functionName || '(anonymous)'}  ${url ? `${url}:${f.lineNumber + 1}` : ''}`.trim();
    totals.set(key, (totals.get(key) ?? 0) + micros);
    all += micros;
  }
  return { rows: [...totals.entries()].sort((a, b) => b[1] - a[1]), all };
}

function main(argv) {
  const files = [];
  let top = 25;
  let by = 'function';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--top') top = Number(argv[++i]);
    else if (argv[i] === '--by') by = argv[++i];
    else files.push(argv[i]);
  }
  if (files.length === 0)
    throw new Error('usage: cpuprofile-top.mjs FILE.cpuprofile [--top N] [--by function|file]');
  for (const file of files) {
    const { rows, all } = summarize(JSON.parse(readFileSync(file, 'utf8')), by);
    process.stdout.write(`${file}: ${(all / 1e3).toFixed(0)} ms sampled\n`);
    process.stdout.write('   self ms      %  function\n');
    for (const [key, micros] of rows.slice(0, top))
      process.stdout.write(
        `${(micros / 1e3).toFixed(1).padStart(10)} ${((100 * micros) / all).toFixed(1).padStart(6)}  ${key}\n`,
      );
  }
}

main(process.argv.slice(2));
