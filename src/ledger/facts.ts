/**
 * Facts: what the source adapters read from the files, before the ledger dedupes and books them.
 * Ids are text exactly as exported (cleaned of wrapping), amounts integer fen, dates yyyy-mm-dd
 * in Asia/Shanghai.
 */
import type { SourceLocation } from './diagnostics.js';
import type { Fen } from './entry.js';

/** One 子订单 (order line). */
export interface OrderLineFact {
  readonly kind: 'order_line';
  readonly order: string;
  readonly line: string;
  /** Payment day, null when the line was never paid. */
  readonly paidDay: string | null;
  /** Payment time `yyyy-mm-dd HH:MM:SS` (for data_through), null when unpaid. */
  readonly paidAt: string | null;
  readonly productId: string | null;
  /** 商家编码 (merchant code), when the export has it. */
  readonly skuCode: string | null;
  /** Report key: 商家编码, else 商品ID. */
  readonly sku: string;
  readonly skuName: string | null;
  readonly channel: string;
  readonly author: string;
  readonly units: number;
  readonly gmv: Fen;
  /** Money returned to the buyer for the whole line. */
  readonly refunded: boolean;
  /** Goods left the warehouse (发货时间 set). */
  readonly shipped: boolean;
  /** Life-cycle rank used to tell a forward move from a conflict (unpaid 0 … completed 3). */
  readonly stage: number;
  /** Export time of the file (unix seconds from the 抖店 file name, or a time column), for --prefer newest. */
  readonly exportedAt: number | null;
  readonly source: SourceLocation;
}

/** 精选联盟 commission (and reward, promotion fee) of one order line. Positive = the merchant pays. */
export interface CommissionFact {
  readonly kind: 'commission';
  readonly line: string;
  /** 付款时间's day: used only when the line is not in the data. */
  readonly day: string;
  readonly amount: Fen;
  readonly settled: boolean;
  readonly exportedAt: number | null;
  readonly source: SourceLocation;
}

/** 运费险 premium of one policy. Positive = paid by the merchant, negative = returned. */
export interface PremiumFact {
  readonly kind: 'premium';
  readonly policy: string;
  /** 关联子订单号: a 子订单编号, or a 主订单编号 to be split over its lines. */
  readonly target: string;
  /** 动账时间's day: used only when the target is not in the data. */
  readonly day: string;
  readonly amount: Fen;
  readonly exportedAt: number | null;
  readonly source: SourceLocation;
}

/** One ad-spend row (千川 standard or 全域, or the project's own format). */
export interface AdSpendFact {
  readonly kind: 'ad_spend';
  readonly day: string;
  readonly account: string | null;
  readonly plan: string | null;
  readonly planName: string | null;
  readonly product: string | null;
  /** Channel the row names (直播, 短视频), null when it names none. */
  readonly channel: string | null;
  readonly spend: Fen;
  /** GMV the ad platform attributes to the row (直接成交金额 / 整体成交金额), null when absent. */
  readonly attributedGmv: Fen | null;
  readonly exportedAt: number | null;
  readonly source: SourceLocation;
}

/** One cost-sheet row: unit cost of a SKU from a payment day on. */
export interface UnitCostFact {
  readonly kind: 'unit_cost';
  readonly sku: string;
  readonly unitCost: Fen;
  readonly validFrom: string | null;
  readonly name: string | null;
  readonly source: SourceLocation;
}

/** A month's fixed cost of one category (content, salaries, rent…). */
export interface FixedCostFact {
  readonly kind: 'fixed_cost';
  /** yyyy-mm */
  readonly month: string;
  readonly category: string;
  readonly amount: Fen;
  readonly source: SourceLocation;
}

export type Fact = OrderLineFact | CommissionFact | PremiumFact | AdSpendFact | UnitCostFact | FixedCostFact;

/** Settings a figure needs (roi-ledger.json). Rates are decimal strings, money integer fen. */
export interface Settings {
  readonly platformFeeRate: string | null;
  readonly shippingPerParcel: Fen | null;
  readonly packagingPerParcel: Fen | null;
  readonly returnWriteoffRate: string;
}
