/** Every built-in export format. Adding a platform = adding one file and one line here. */
import { allianceCommissions } from './alliance-commissions.js';
import { fixedCosts, unitCosts } from './cost-sheets.js';
import { douyinOrders } from './douyin-orders.js';
import type { ExportFormat } from './format.js';
import { insurancePremiums } from './insurance-premiums.js';
import { ownAdSpend, ownCommissions, ownInsurance, ownOrders } from './own-formats.js';
import { qianchuanStandard, qianchuanUni } from './qianchuan-ads.js';

export const FORMATS: readonly ExportFormat[] = [
  douyinOrders,
  allianceCommissions,
  insurancePremiums,
  qianchuanStandard,
  qianchuanUni,
  ownOrders,
  ownAdSpend,
  ownCommissions,
  ownInsurance,
  unitCosts,
  fixedCosts,
];

export function formatById(id: string): ExportFormat | undefined {
  return FORMATS.find((f) => f.id === id);
}
