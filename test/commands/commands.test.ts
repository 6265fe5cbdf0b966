/** The commands as a user meets them: exit codes, usage errors, output files, the formats list. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectGoldenIn } from '../helpers/golden.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

const MONTH = 'fixtures/golden/month-2026-09';
const GOLDEN = join(ROOT, 'test/commands/__golden__');

describe('usage errors exit 2 and name the problem', () => {
  it.each([
    [['report', MONTH, '--month', '2026-13'], /--month: must be a month/],
    [['report', MONTH, '--month', '2026-09', '--from', '2026-09-01'], /cannot be combined/],
    [['report', MONTH, '--by', 'shop'], /unknown dimension "shop"/],
    [['report', MONTH, '--format', 'xml'], /--format/],
    [['report', 'no/such/folder'], /no such file or folder: no\/such\/folder/],
    [['report', MONTH, '--no-such-option'], /unknown option/],
    [['frobnicate'], /unknown command/],
  ])('%j', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /); // never a stack trace
  });
});

describe('output', () => {
  it('--output writes the file atomically and prints nothing on stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roi-out-'));
    const file = join(dir, 'report.csv');
    const r = await runCli([
      'report',
      MONTH,
      '--month',
      '2026-09',
      '--format',
      'csv',
      '--output',
      file,
      '--bom',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('\ufefftable,key,name,orders')).toBe(true);
    expect(readdirSync(dir)).toEqual(['report.csv']); // no temporary file left behind
  });

  it('ledger --output streams into the file what it prints on stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roi-out-'));
    const file = join(dir, 'ledger.jsonl');
    const printed = await runCli(['ledger', MONTH, '--format', 'jsonl']);
    expect(printed.out.length).toBeGreaterThan(1 << 16); // more than one chunk
    const r = await runCli(['ledger', MONTH, '--format', 'jsonl', '--output', file]);
    expect([r.code, r.out]).toEqual([printed.code, '']);
    expect(readFileSync(file, 'utf8')).toBe(printed.out);
    expect(readdirSync(dir)).toEqual(['ledger.jsonl']);
  });

  it('ledger waits for its output to drain before it makes more (a slow pipe holds one chunk)', async () => {
    const io = memoryIo({}, ROOT);
    let waiting = false;
    let early = 0;
    let waits = 0;
    const slow = {
      ...io,
      stdout(t: string) {
        if (waiting) early++;
        io.stdout(t);
      },
      stdoutDrained: () => {
        waits++;
        waiting = true;
        return new Promise<void>((r) =>
          setTimeout(() => {
            waiting = false;
            r();
          }, 1),
        );
      },
    };
    expect(await main(['ledger', MONTH, '--format', 'jsonl'], slow)).toBe(0);
    expect(early).toBe(0);
    expect(waits).toBeGreaterThan(1);
    expect(io.out).toBe((await runCli(['ledger', MONTH, '--format', 'jsonl'])).out);
  });

  it('check --format json writes its diagnostics a piece at a time, as JSON.stringify prints the whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roi-check-'));
    const rows = Array.from({ length: 1500 }, (_, k) => `O${k},O${k}-1,2026-13-01 10:00:00,A1,1,10.00`);
    writeFileSync(
      join(dir, 'orders.csv'),
      ['order_id,line_id,paid_at,sku,quantity,gmv', ...rows, ''].join('\n'),
    );
    const io = memoryIo({}, ROOT);
    let waits = 0;
    const counted = { ...io, stdoutDrained: () => (waits++, io.stdoutDrained()) };
    expect(await main(['check', dir, '--format', 'json'], counted)).toBe(1);
    const doc = JSON.parse(io.out) as { diagnostics: { code: string }[] };
    expect(doc.diagnostics.filter((d) => d.code === 'E_DATE')).toHaveLength(1500);
    expect(io.out).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    expect(waits).toBeGreaterThan(1);
    // And with no diagnostics at all.
    const clean = await runCli(['check', MONTH, '--format', 'json']);
    expect(clean.out).toContain('"diagnostics": []');
    expect(clean.out).toBe(`${JSON.stringify(JSON.parse(clean.out), null, 2)}\n`);
  });

  it('formats lists every built-in format with its identifying headers', async () => {
    const r = await runCli(['formats']);
    expect(r.code).toBe(0);
    expectGoldenIn(GOLDEN, 'formats.txt', r.out);
  });

  it('--version and --help exit 0', async () => {
    expect((await runCli(['--version'])).out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await runCli(['report', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('--by <dims>');
  });
});

describe('the built binary', () => {
  beforeAll(() => {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'ignore' });
  });

  it('ends quietly when its reader closes the pipe (| head -1)', () => {
    const r = spawnSync('bash', ['-c', `node bin/roi-ledger.js ledger ${MONTH} | head -1`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(
      'date,kind,amount,order,line,product,sku,sku_name,channel,author,plan,category,units,attributed_gmv,source_file,source_line',
    );
    expect(r.stderr).toBe('');
  });

  it('runs report on a thread of its own and prints what a run in this process prints', async () => {
    const args = ['report', MONTH, '--by', 'channel,sku,day', '--format', 'json'];
    const r = spawnSync('node', ['bin/roi-ledger.js', ...args], { cwd: ROOT, encoding: 'utf8' });
    const here = await runCli(args);
    expect([r.status, r.stdout, r.stderr]).toEqual([here.code, here.out, here.err]);
  });

  it('report ends quietly too when its reader closes the pipe', () => {
    const r = spawnSync('bash', ['-c', `node bin/roi-ledger.js report ${MONTH} --format csv | head -1`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^table,key,name,orders/);
    expect(r.stderr).toBe('');
  });

  it('sets the exit code: 1 when check finds errors', () => {
    const r = spawnSync('node', ['bin/roi-ledger.js', 'check', 'test/commands/bad'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('test/commands/bad/orders.csv:3: error:');
  });
});
