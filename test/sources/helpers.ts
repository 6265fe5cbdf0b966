/** Shared helpers for the source-layer tests: temp files, a recording RowSink, header layouts. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { TextDecoder } from 'node:util';
import { afterAll } from 'vitest';
import type { Diagnostic } from '../../src/ledger/diagnostics.js';
import type { Fact } from '../../src/ledger/facts.js';
import type { Row } from '../../src/sources/csv.js';
import type { ExportFormat, FileContext, ReadOptions, RowSink } from '../../src/sources/format.js';
import { loadFile, normalizeHeader, type LoadedFile, type LoadOptions } from '../../src/sources/load.js';

export const READ: ReadOptions = { excelWrappedIds: false, excelDates: false, decimalMark: '.' };

/** A fresh temp folder, removed when the test file ends. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'roi-ledger-sources-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** One CSV cell as an export writes it: quoted when it holds a delimiter, quote or line break. */
export function cell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

export function csv(rows: readonly (readonly string[])[], eol = '\n', delimiter = ','): string {
  const quote = (v: string) =>
    v.includes(delimiter) || /["\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
  return rows.map((r) => r.map(delimiter === ',' ? cell : quote).join(delimiter)).join(eol) + eol;
}

/** A row for `header`: the given values by column name, `fill` everywhere else. */
export function row(header: readonly string[], values: Record<string, string>, fill = '-'): string[] {
  for (const k of Object.keys(values))
    if (!header.includes(k)) throw new Error(`test bug: column ${k} is not in the header`);
  return header.map((h) => values[h] ?? fill);
}

/** A record as the tokenizer hands it to a reader, made from its cells. */
export function rowOf(cells: readonly string[]): Row {
  return { length: cells.length, cell: (i) => cells[i] ?? '', label: (i) => cells[i] ?? '' };
}

let counter = 0;

/** Writes `content` to a new file in `dir` and loads it. */
export async function loadText(
  dir: string,
  content: string | Uint8Array,
  opts: Partial<LoadOptions> = {},
  name?: string,
): Promise<LoadedFile> {
  const file = name ?? `input-${++counter}.csv`;
  const path = join(dir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return loadFile(path, file, { ...READ, ...opts });
}

/** Records everything a row reader does. */
export class RecordingSink implements RowSink {
  readonly facts: Fact[] = [];
  readonly skips: string[] = [];
  readonly rejects: Diagnostic[][] = [];
  readonly warnings: Diagnostic[] = [];
  emit(fact: Fact): void {
    this.facts.push(fact);
  }
  skip(reason: string): void {
    this.skips.push(reason);
  }
  reject(diagnostics: Diagnostic[]): void {
    this.rejects.push([...diagnostics]);
  }
  warn(diagnostic: Diagnostic): void {
    this.warnings.push(diagnostic);
  }
  /** Every diagnostic, rejected or warned. */
  get diagnostics(): Diagnostic[] {
    return [...this.rejects.flat(), ...this.warnings];
  }
}

export const FILE = '1759420800_订单导出.csv';

/**
 * Compiles `format` for `header` (names normalised as the loader does) and feeds it `rows`, the first
 * on line 2, the way loadFile calls a reader.
 */
export function runFormat(
  format: ExportFormat,
  header: readonly string[],
  rows: readonly (readonly string[])[],
  opts: Partial<ReadOptions> & { file?: string; exportedAt?: number | null } = {},
): RecordingSink {
  const names = header.map(normalizeHeader);
  const ctx: FileContext = {
    file: opts.file ?? FILE,
    exportedAt: opts.exportedAt === undefined ? 1759420800 : opts.exportedAt,
    options: { ...READ, ...opts },
  };
  const reader = format.compile((n) => names.indexOf(n), ctx);
  const sink = new RecordingSink();
  rows.forEach((r, i) => reader(rowOf(r), i + 2, sink));
  return sink;
}

/** The only fact a sink received, of the expected kind. */
export function only<K extends Fact['kind']>(sink: RecordingSink, kind: K): Extract<Fact, { kind: K }> {
  if (sink.facts.length !== 1 || sink.rejects.length !== 0)
    throw new Error(
      `expected exactly one fact, got ${sink.facts.length} facts and ${JSON.stringify(sink.rejects)}`,
    );
  const f = sink.facts[0]!;
  if (f.kind !== kind) throw new Error(`expected a ${kind} fact, got ${f.kind}`);
  return f as Extract<Fact, { kind: K }>;
}

// ---- GB18030 ---------------------------------------------------------------------------------------

let gbMap: Map<string, number[]> | null = null;

/** Encodes BMP text as GB18030 (ASCII plus the two-byte GBK range: enough for headers and names). */
export function gb18030(text: string): Uint8Array {
  if (gbMap === null) {
    gbMap = new Map();
    const dec = new TextDecoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead++)
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = dec.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && ch !== '\ufffd' && !gbMap.has(ch)) gbMap.set(ch, [lead, trail]);
      }
  }
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else {
      const b = gbMap.get(ch);
      if (!b) throw new Error(`test bug: no two-byte GB18030 code for ${ch}`);
      out.push(...b);
    }
  }
  return new Uint8Array(out);
}

// ---- Layouts (export-formats.md) -------------------------------------------------------------------

/** 抖店 订单导出, variant B (75 columns). */
export const ORDER_75 =
  '主订单编号,子订单编号,支付方式,选购商品,货号,商品ID,商家编码,商品数量,商品金额,订单提交时间,支付完成时间,订单完成时间,承诺发货时间,预约发货时间,买家留言,旗帜颜色,商家备注,APP渠道,订单状态,取消原因,售后状态,订单类型,发货时间,车型,是否是以旧换新,换新额外补贴,换新额外补贴发放状态,订单应付金额,运费,优惠总金额,平台优惠,商家优惠,达人优惠,商家改价,支付优惠,手续费,红包抵扣,降价类优惠,平台实际承担优惠金额,商家实际承担优惠金额,达人实际承担优惠金额,收件人,收件人手机号,省,市,区,街道,详细地址,是否修改过地址,快递信息,序列号,达人ID,达人昵称,拼团订单团编号,商品单价是否含税,税费,鲁班落地页ID,所属门店ID,流量来源,仓库ID,仓库名称,是否安心购,广告渠道,流量类型,流量体裁,流量渠道,发货主体,发货主体明细,教育优惠,预计送达时间,是否平台仓自流转,是否是渠道商品,预约送达时间,建议发货时间（起）,建议发货时间（止）'.split(
    ',',
  );

/** 抖店 订单导出, variant A (74 columns). */
export const ORDER_74 =
  '主订单编号,子订单编号,选购商品,商品规格,商品数量,商品ID,商家编码,商品单价,订单应付金额,运费,优惠总金额,平台优惠,商家优惠,达人优惠,商家改价,支付优惠,红包抵扣,支付方式,手续费,收件人,收件人手机号,省,市,区,街道,详细地址,是否修改过地址,地址修改时段,买家留言,订单提交时间,旗帜颜色,商家备注,订单完成时间,支付完成时间,APP渠道,流量来源,订单状态,承诺发货时间,订单类型,鲁班落地页ID,达人ID,达人昵称,所属门店ID,售后状态,取消原因,预约发货时间,仓库ID,仓库名称,序列号,是否安心购,广告渠道,流量类型,流量体裁,流量渠道,发货主体,发货主体明细,发货时间,降价类优惠,平台实际承担优惠金额,商家实际承担优惠金额,达人实际承担优惠金额,预计送达时间,是否平台仓自流转,车型,商品69码,发货SN码,发货IMEI码1,发货IMEI码2,预约送达时间,建议发货时间（起）,建议发货时间（止）,物流SN码,物流IMEI码1,物流IMEI码2'.split(
    ',',
  );

/** A merchant-chosen custom export (the "31-column" shop of export-formats.md §1, as listed there). */
export const ORDER_CUSTOM =
  '主订单编号,子订单编号,支付方式,选购商品,商品ID,商家编码,订单提交时间,支付完成时间,订单完成时间,旗帜颜色,商家备注,商家优惠,订单状态,售后状态,发货时间,快递信息,达人ID,达人昵称,流量来源,广告渠道,流量类型,流量体裁,流量渠道,取消原因,平台优惠,达人优惠,商品金额,订单应付金额,运费,优惠总金额,平台实际承担优惠金额,商家实际承担优惠金额,达人实际承担优惠金额,商品数量'.split(
    ',',
  );

/** 精选联盟 commission export (47 columns). */
export const ALLIANCE_47 =
  '订单id,商品id,商品名称,作者账号,抖音/火山号,支付金额,佣金率,预估佣金支出,结算金额,实际佣金支出,订单状态,超时未结算原因,付款时间,收货时间,订单结算时间,商品来源,尾款支付时间,定金金额,店铺id,店铺名称,商品数量,佣金发票,冻结比例,是否阶梯佣金,门槛销量,基础佣金率,升佣佣金率,预估奖励佣金支出,结算奖励佣金支出,阶梯计划ID,支付补贴,平台补贴,达人补贴,运费,税费,运费补贴,分销来源,营销活动id,推广费率,推广技术服务费,预估推广费支出,结算推广费支出,计划类型,订单来源,流量细分来源,流量来源,订单类型'.split(
    ',',
  );

/** 运费险 保费支出. */
export const PREMIUMS = '保险单号,动账流水号,关联子订单号,摘要描述,动账时间,金额(元)'.split(',');

/** 千川 标准推广 (the full sheet of export-formats.md §8a). */
export const QIANCHUAN_STANDARD =
  '推广类型,账户名称,账户ID,计划ID,计划名称,商品ID,商品名称,抖音号ID,抖音号名称,日期,消耗(元),展示次数,点击率(%),点击次数,转化数,转化率(%),转化成本(元),7日总支付ROI,直接成交订单数,直接成交金额(元),直接支付ROI,直接下单订单数,直接下单金额(元),直接下单ROI,7日间接成交金额(元),播放数,3s播放数,播放完成数,广告类型,达人uid,成交智能优惠券金额,订单成交成本'.split(
    ',',
  );

/** Buyer data that must never reach a diagnostic. */
export const BUYER = { name: '王小明', phone: '13912345678', address: '幸福路88号3单元502室' };

/** A plausible paid, shipped, not refunded 抖店 line; override by column name. */
export function orderValues(over: Record<string, string> = {}): Record<string, string> {
  return {
    主订单编号: '\t6917926768823643751',
    子订单编号: '\t6917926768823643752',
    选购商品: '\t云朵连衣裙 红色 M',
    商品ID: '\t3612345678901234567',
    商家编码: '\tDRESS-RED-M',
    商品数量: '2',
    订单应付金额: '198.00',
    平台实际承担优惠金额: '5.00',
    达人实际承担优惠金额: '3.00',
    支付完成时间: '2026-09-22 00:54:10',
    订单状态: '已完成',
    售后状态: '-',
    发货时间: '2026-09-22 18:00:00',
    流量体裁: '直播',
    达人ID: '\t71234567890',
    达人昵称: '小美',
    收件人: BUYER.name,
    收件人手机号: BUYER.phone,
    详细地址: BUYER.address,
    ...over,
  };
}

/** An order row for `header`, keeping only the columns the layout has. */
export function orderRow(header: readonly string[], over: Record<string, string> = {}): string[] {
  for (const k of Object.keys(over))
    if (!header.includes(k)) throw new Error(`test bug: column ${k} is not in the header`);
  const v = orderValues(over);
  return header.map((h) => v[h] ?? '-');
}

/** The row accounting of a loaded file, without the extra figures other code adds to its stats. */
export function counts(r: LoadedFile): {
  rows: number;
  used: number;
  rejected: number;
  skipped: Record<string, number>;
} {
  return { rows: r.stats.rows, used: r.stats.used, rejected: r.stats.rejected, skipped: r.stats.skipped };
}

/** Bytes cut at the given points (taken modulo length + 1), even inside a character: chunks as a stream may give them. */
export function cutBytes(b: Uint8Array, points: readonly number[]): Uint8Array[] {
  const at = [...new Set(points.map((p) => p % (b.length + 1)))].sort((x, y) => x - y);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of at) {
    out.push(b.subarray(prev, p));
    prev = p;
  }
  out.push(b.subarray(prev));
  return out;
}
