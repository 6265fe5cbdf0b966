/**
 * `report` when the ledger does not reconcile with its inputs (a bug in roi-ledger, never the user's
 * data): the report is built with the reconciliation's sums before the reconciliation is known, so a
 * failure must stop it, or with --allow-errors have it built again, listing the failure.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BookedSums } from '../../src/ledger/reconcile.js';
import { runCli } from '../helpers/cli.js';

const MONTH = 'fixtures/golden/month-2026-09';

/** Makes the first file that carried money come out one fen short. */
function oneFenShort(): void {
  const against = BookedSums.prototype.against;
  vi.spyOn(BookedSums.prototype, 'against').mockImplementation(function (this: BookedSums, tallies) {
    const rows = against.call(this, tallies);
    const k = rows.findIndex((r) => r.input !== 0);
    rows[k] = { ...rows[k]!, ledger: rows[k]!.ledger - 1, ok: false };
    return rows;
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('report, when the ledger does not reconcile', () => {
  it('balances on the golden month: reconciled once, no E_RECONCILE', async () => {
    const against = vi.spyOn(BookedSums.prototype, 'against');
    const r = await runCli(['report', MONTH, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(against).toHaveBeenCalledTimes(1);
    expect(r.out).not.toContain('E_RECONCILE');
  });

  it('prints no report, names the file and exits 1', async () => {
    oneFenShort();
    const r = await runCli(['report', MONTH, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/error: .*but the ledger booked/);
    expect(r.err).toContain('this is a bug in roi-ledger');
    expect(r.err).toContain('report not printed: 1 error');
  });

  it('with --allow-errors, builds the report again so that it lists the failure', async () => {
    const clean = JSON.parse((await runCli(['report', MONTH, '--format', 'json'])).out) as {
      diagnostics: { code: string }[];
      totals: unknown;
    };
    oneFenShort();
    const r = await runCli(['report', MONTH, '--format', 'json', '--allow-errors']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as typeof clean;
    expect(json.diagnostics.map((d) => d.code)).toEqual([
      ...clean.diagnostics.map((d) => d.code),
      'E_RECONCILE',
    ]);
    // The figures are those of the same ledger.
    expect(json.totals).toEqual(clean.totals);
  });
});
