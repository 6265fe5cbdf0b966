/** The merchant's own cost sheets: unit costs per SKU and fixed costs per month. */
import { isValidMonth } from '../ledger/dates.js';
import { column, Fields } from './fields.js';
import type { ExportFormat } from './format.js';

export const unitCosts: ExportFormat = {
  id: 'roi-ledger-unit-costs',
  kind: 'unit_costs',
  title: 'cost sheet: unit cost per SKU (商家编码 or 商品ID), optionally from a payment day on',
  identify: ['sku', 'unit_cost'],
  required: ['sku', 'unit_cost'],
  optional: ['valid_from', 'name'],
  amountColumns: ['unit_cost'],
  compile(col, ctx) {
    const c = {
      sku: column(col, 'sku'),
      cost: column(col, 'unit_cost'),
      from: column(col, 'valid_from'),
      name: column(col, 'name'),
    };
    const f = new Fields(ctx);
    return (row, line, sink) => {
      f.reset(row, line);
      const sku = f.id(c.sku, true);
      const cost = f.amount(c.cost, 'error');
      const from = f.date(c.from, false);
      if (cost !== null && cost < 0)
        f.problems.push({
          severity: 'error',
          code: 'E_AMOUNT',
          message: 'a unit cost cannot be negative',
          file: ctx.file,
          line,
          column: c.cost.name,
          value: f.raw(c.cost),
        });
      if (f.problems.length) return sink.reject(f.problems);
      sink.emit({
        kind: 'unit_cost',
        sku: sku!,
        unitCost: cost!,
        validFrom: from?.day ?? null,
        name: f.text(c.name),
        source: { file: ctx.file, line },
      });
    };
  },
};

export const fixedCosts: ExportFormat = {
  id: 'roi-ledger-fixed-costs',
  kind: 'fixed_costs',
  title: 'fixed costs per month (content, salaries, rent, software…)',
  identify: ['month', 'category', 'amount'],
  required: ['month', 'category', 'amount'],
  optional: [],
  amountColumns: ['amount'],
  summaryOf: (f) => (f.kind === 'fixed_cost' ? f.amount : 0),
  compile(col, ctx) {
    const c = {
      month: column(col, 'month'),
      category: column(col, 'category'),
      amount: column(col, 'amount'),
    };
    const f = new Fields(ctx);
    return (row, line, sink) => {
      f.reset(row, line);
      const month = f.raw(c.month).trim();
      if (!isValidMonth(month))
        f.problems.push({
          severity: 'error',
          code: 'E_DATE',
          message: 'month must be yyyy-mm',
          file: ctx.file,
          line,
          column: 'month',
          value: f.raw(c.month),
        });
      const category = f.text(c.category);
      const amount = f.amount(c.amount, 'error');
      if (f.problems.length) return sink.reject(f.problems);
      sink.emit({
        kind: 'fixed_cost',
        month,
        category: category ?? '(none)',
        amount: amount!,
        source: { file: ctx.file, line },
      });
    };
  },
};
