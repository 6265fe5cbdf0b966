/** The report of a ledger for unit tests: every table, the whole span, override what the test is about. */
import type { Ledger } from '../../src/ledger/book.js';
import { buildReport, type ReportOptions } from '../../src/report/build.js';
import type { Report } from '../../src/report/types.js';

export const REPORT_SETTINGS = {
  platform_fee_rate: '0.05',
  shipping_per_parcel: 320,
  packaging_per_parcel: 80,
  return_writeoff_rate: '0',
  allocate_fixed_costs: true,
};

export function reportOf(ledger: Ledger, over: Partial<ReportOptions> = {}): Report {
  return buildReport(ledger, {
    by: ['channel', 'sku', 'author', 'day', 'month', 'plan'],
    from: null,
    to: null,
    allocateFixed: true,
    settings: REPORT_SETTINGS,
    inputs: [],
    diagnostics: [],
    ...over,
  });
}
