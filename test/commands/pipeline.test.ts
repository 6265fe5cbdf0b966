import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bookPipeline, runPipeline } from '../../src/commands/pipeline.js';
import { BookedSums } from '../../src/ledger/reconcile.js';
import { reportOf } from '../helpers/report.js';
import { READ } from '../properties/run.js';

const DEMO = join(process.cwd(), 'fixtures/demo');
const dir = mkdtempSync(join(tmpdir(), 'roi-pipeline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every CSV under the demo shop, by name. */
function demoFiles(): string[] {
  return readdirSync(DEMO, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.csv'))
    .map((f) => join(DEMO, f));
}

describe('bookPipeline … finish', () => {
  it('gives the sha256 of each file once finished (the files are hashed while the run books and reports)', async () => {
    const booked = await bookPipeline([DEMO], { ...READ, cwd: dir });
    expect(booked.inputs.length).toBe(demoFiles().length);
    expect(booked.inputs.every((f) => f.sha256 === '')).toBe(true);
    const run = await booked.finish();
    const want = new Map(
      demoFiles().map((path) => [path, createHash('sha256').update(readFileSync(path)).digest('hex')]),
    );
    expect(run.inputs.map((f) => f.sha256).sort()).toEqual([...want.values()].sort());
    for (const f of run.inputs) expect(want.get(f.file)).toBe(f.sha256);
    // Apart from the hashes, the inputs are those of the booked run.
    expect(run.inputs.map((f) => ({ ...f, sha256: '' }))).toEqual(booked.inputs);
    expect((await runPipeline([DEMO], { ...READ, cwd: dir })).inputs).toEqual(run.inputs);
  });

  it('reconciles by its own walk unless given sums, and turns what does not balance into E_RECONCILE errors', async () => {
    const booked = await bookPipeline([DEMO], { ...READ, cwd: dir });
    const own = await booked.finish();
    expect(own.reconciliation.length).toBeGreaterThan(0);
    expect(own.reconciliation.every((r) => r.ok)).toBe(true);
    expect(own.diagnostics).toEqual(booked.diagnostics);
    // The report's walk gives the same reconciliation.
    const fed = new BookedSums();
    reportOf(booked.ledger, { inputs: booked.inputs, diagnostics: booked.diagnostics, visitor: fed });
    expect((await booked.finish(fed)).reconciliation).toEqual(own.reconciliation);
    // Sums that saw nothing: every file that carried money is out by what it carried.
    const none = await booked.finish(new BookedSums());
    const failed = none.reconciliation.filter((r) => !r.ok);
    expect(failed.length).toBeGreaterThan(0);
    expect(none.diagnostics.slice(0, booked.diagnostics.length)).toEqual(booked.diagnostics);
    expect(none.diagnostics.slice(booked.diagnostics.length)).toEqual(
      failed.map((r) =>
        expect.objectContaining({
          severity: 'error',
          code: 'E_RECONCILE',
          file: r.file,
          message: expect.stringContaining(`but the ledger booked 0 fen`),
        }),
      ),
    );
  });
});
