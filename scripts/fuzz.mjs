#!/usr/bin/env node
/**
 * Fuzzing (issue 3, invariant 11 "totality"): for any bytes, and for mutated copies of the golden
 * fixtures, `check` and `report` either succeed or fail with typed diagnostics (exit 0, 1 or 2):
 * never an internal error (exit 70), an uncaught exception, or a hang.
 *
 *   npm run fuzz -- --minutes 10 [--seed N]
 *
 * Runs against dist/ (build first: `npm run build`). Prints runs, failures, and the seed to replay.
 */
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../dist/cli/main.js';
import { memoryIo } from '../dist/cli/io.js';

const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const minutes = Number(arg('minutes', '1'));
const seed = Number(arg('seed', String(Date.now() % 2 ** 31)));
const PER_CASE_MS = 5000;

const root = new URL('..', import.meta.url).pathname;
const goldenDir = join(root, 'fixtures/golden/month-2026-09');
const seeds = readdirSync(goldenDir)
  .filter((f) => f.endsWith('.csv'))
  .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(goldenDir, f))) }));
const config = readFileSync(join(goldenDir, 'roi-ledger.json'));

const work = mkdtempSync(join(tmpdir(), 'roi-fuzz-'));
let runs = 0;
const failures = [];

/** Runs the CLI on one folder; returns a failure description or null. */
async function runOnce(files) {
  const dir = join(work, String(runs++));
  mkdirSync(dir);
  writeFileSync(join(dir, 'roi-ledger.json'), config);
  for (const [name, bytes] of files) writeFileSync(join(dir, name), bytes);
  try {
    for (const command of [
      ['check', dir],
      ['report', dir, '--format', 'json', '--allow-errors', '--by', 'channel,sku,day'],
    ]) {
      const io = memoryIo({}, dir);
      const started = Date.now();
      const code = await Promise.race([
        main(command, io),
        new Promise((_, reject) => setTimeout(() => reject(new Error('hang')), PER_CASE_MS)),
      ]);
      const took = Date.now() - started;
      if (code !== 0 && code !== 1 && code !== 2)
        return `${command[0]}: exit ${code}: ${io.err.slice(0, 300)}`;
      if (took > PER_CASE_MS) return `${command[0]}: took ${took} ms`;
      if (code === 0 && command[0] === 'report') JSON.parse(io.out); // the report must be valid JSON
      if (/\n\s+at /.test(io.err)) return `${command[0]}: stack trace on stderr`;
    }
    return null;
  } catch (e) {
    return `threw: ${e?.stack ?? e}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Mutations that real files suffer: bytes flipped, cut, duplicated, lines shuffled or inserted. */
const mutated = fc
  .record({
    file: fc.constantFrom(...seeds),
    ops: fc.array(
      fc.oneof(
        fc.record({ op: fc.constant('flip'), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
        fc.record({ op: fc.constant('cut'), at: fc.nat() }),
        fc.record({ op: fc.constant('insert'), at: fc.nat(), text: fc.string({ maxLength: 20 }) }),
        fc.record({ op: fc.constant('dup'), at: fc.nat(), len: fc.nat({ max: 400 }) }),
      ),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ file, ops }) => {
    let b = file.bytes;
    for (const o of ops) {
      const at = b.length ? o.at % b.length : 0;
      if (o.op === 'flip') {
        b = b.slice();
        b[at] = o.byte;
      } else if (o.op === 'cut') b = b.slice(0, at);
      else if (o.op === 'insert') b = concat(b.slice(0, at), new TextEncoder().encode(o.text), b.slice(at));
      else b = concat(b.slice(0, at + o.len), b.slice(at));
    }
    return [[file.name, b]];
  });

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let i = 0;
  for (const p of parts) {
    out.set(p, i);
    i += p.length;
  }
  return out;
}

const randomBytes = fc.uint8Array({ maxLength: 4096 }).map((b) => [['random.csv', b]]);
const randomCsv = fc
  .array(fc.array(fc.string({ maxLength: 12 }), { minLength: 1, maxLength: 8 }), { maxLength: 30 })
  .map((rows) => [['text.csv', new TextEncoder().encode(rows.map((r) => r.join(',')).join('\n'))]]);

const deadline = Date.now() + minutes * 60_000;
console.log(`fuzzing for ${minutes} min, seed ${seed} (replay with --seed ${seed})`);
const property = fc.asyncProperty(fc.oneof(mutated, randomBytes, randomCsv), async (files) => {
  if (Date.now() > deadline) return true;
  const failure = await runOnce(files);
  if (failure) {
    failures.push(failure);
    const keep = join(root, 'bench-data', 'fuzz-failures');
    mkdirSync(keep, { recursive: true });
    for (const [name, bytes] of files) writeFileSync(join(keep, `${failures.length}-${name}`), bytes);
  }
  return failure === null;
});
let batch = 0;
while (Date.now() < deadline) {
  const r = await fc.check(property, { seed: seed + batch++, numRuns: 500 });
  if (r.failed) console.log(`failure (seed ${r.seed}, path ${r.counterexamplePath}): ${failures.at(-1)}`);
}
rmSync(work, { recursive: true, force: true });
console.log(`${runs} runs, ${failures.length} failures`);
process.exitCode = failures.length ? 1 : 0;
