import type { SourceLocation } from './diagnostics.js';

/** Integer fen. Held in a JS number and checked with Number.isSafeInteger (exact to 2^53 fen). */
export type Fen = number;

/** Kinds of money movement. Sign: positive raises profit (gmv), negative lowers it (costs, refunds). */
export type EntryKind =
  | 'gmv'
  | 'refund'
  | 'platform_fee'
  | 'commission'
  | 'commission_reversal'
  | 'cogs'
  | 'shipping'
  | 'insurance'
  | 'ad_spend'
  | 'fixed_cost';

export const ENTRY_KINDS: readonly EntryKind[] = [
  'gmv',
  'refund',
  'platform_fee',
  'commission',
  'commission_reversal',
  'cogs',
  'shipping',
  'insurance',
  'ad_spend',
  'fixed_cost',
];

/** Row keys used by every table for things that cannot be traced to a row. */
export const UNATTRIBUTED = '(unattributed)';
export const UNKNOWN = '(unknown)';
export const NONE = '(none)';

/** An entry's keys when it belongs to no order line (unmatched rows, ads as read, fixed costs). */
export const NO_KEYS = {
  order: null,
  line: null,
  product: null,
  sku: null,
  sku_name: null,
  channel: null,
  author: null,
  plan: null,
  units: 0,
  category: null,
  attributed_gmv: null,
} as const;

/** One money movement, with the keys it belongs to and where it came from. */
export interface Entry {
  /** Payment date of the order line (Asia/Shanghai), or the fact's own date when unmatched. yyyy-mm-dd. */
  readonly date: string;
  readonly kind: EntryKind;
  /** Signed integer fen: positive raises profit. */
  readonly amount: Fen;
  readonly order: string | null;
  readonly line: string | null;
  /** Platform product id (商品ID): ad rows name products, not SKUs. */
  readonly product: string | null;
  readonly sku: string | null;
  readonly sku_name: string | null;
  readonly channel: string | null;
  readonly author: string | null;
  readonly plan: string | null;
  /** Units sold (gmv entries only; 0 elsewhere). */
  readonly units: number;
  /** Fixed costs: the category (content, salaries…); else null. */
  readonly category: string | null;
  /** Ad rows only: the GMV the ad platform attributes to the row (for `--by plan`), else null. */
  readonly attributed_gmv: Fen | null;
  readonly source: SourceLocation;
}
