#!/usr/bin/env node
/**
 * Benchmark data: a year (2025-10-01 … 2026-09-30, Asia/Shanghai) of a big Douyin shop, N order lines,
 * in the real export layouts (docs/rules.md, ../shared/reference/export-formats.md §1, §6a, §7, §8a):
 *
 *   orders/<unix>_订单导出_2025-10_2026-09.csv  抖店 订单导出, 75 columns (layout B), UTF-8 + BOM, CRLF,
 *                                              ids and 选购商品 as "\t…"
 *   commissions/联盟订单_2025-10_2026-09.csv    精选联盟, 47 columns, GB18030, LF, ids with a trailing tab
 *   insurance/保费支出_2025-10_2026-09.csv      运费险 保费支出, UTF-8, CRLF, ids with a leading '
 *   ads/标准推广_2025-10_2026-09.csv            千川 标准推广, plan × product × day, UTF-8 + BOM, a 合计 row
 *   costs/cost-sheet.csv, costs/fixed-costs.csv, roi-ledger.json, manifest.json
 *
 * Usage: node scripts/bench/generate.mjs --lines 100000 --out bench-data/100k [--force]
 *
 * Deterministic: seeded PRNGs, no clock, no Math.random; times are integer arithmetic on Shanghai
 * wall-clock seconds; money is integer fen. Streaming: nothing grows with N except the output files
 * (ids are a bijection of a counter, so no set of used ids is kept), and every file is written in
 * ~64 KiB chunks. A folder whose manifest.json names the same generator version, seed and N, and whose
 * files still have the sizes it lists, is left as it is. manifest.json also records the generator's own
 * per-channel and per-SKU gmv and net_gmv, a third opinion for the benchmark's figure check.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDecoder } from 'node:util';

export const GENERATOR_VERSION = 1;
/** The repository's bench-data/ folder (git-ignored). */
export const BENCH_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench-data');
const SEED = 20260930;
const CHUNK_CHARS = 64 * 1024;

// ---------------------------------------------------------------------------------------------------
// Random numbers (mulberry32), one stream per concern.
// ---------------------------------------------------------------------------------------------------

class Random {
  constructor(seed) {
    this.a = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  float() {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo, hi) {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }
  chance(p) {
    return this.float() < p;
  }
  pick(list) {
    return list[Math.floor(this.float() * list.length)];
  }
  digits(n) {
    let s = String(this.int(1, 9));
    for (let i = 1; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
  token(n) {
    const abc = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
    let s = '';
    for (let i = 0; i < n; i++) s += abc[Math.floor(this.float() * abc.length)];
    return s;
  }
}

/** Weighted choice in O(log n): cumulative weights and a binary search. */
class Weighted {
  constructor(pairs) {
    this.values = pairs.map((p) => p[0]);
    this.cum = new Float64Array(pairs.length);
    let total = 0;
    pairs.forEach(([, w], i) => (this.cum[i] = total += w));
    this.total = total;
  }
  pick(rng) {
    const x = rng.float() * this.total;
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo];
  }
}

// ---------------------------------------------------------------------------------------------------
// Ids. 19-digit Douyin ids: '69' + 8 digits of the payment time (as snowflake ids are time-led) + 9
// digits that are a bijection of a global counter (× an odd multiplier prime to 10, mod 10^9). The last
// 9 digits alone are unique for up to 10^9 ids, so no set of used ids is needed.
// ---------------------------------------------------------------------------------------------------

const pad2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const pad = (n, width) => String(n).padStart(width, '0');

class IdMint {
  constructor() {
    this.counter = 0;
  }
  /** `prefix` + `lead` (any digits, padded/cut to `leadWidth`) + 9 unique digits. */
  next(prefix, lead, leadWidth) {
    const x = this.counter++;
    if (x >= 1e9) throw new Error('id space exhausted');
    const scrambled = (x * 823543 + 271828182) % 1e9; // 823543 = 7^7: odd, not a multiple of 5
    return prefix + pad(lead % 10 ** leadWidth, leadWidth) + pad(scrambled, 9);
  }
}

// ---------------------------------------------------------------------------------------------------
// Time: local seconds = Shanghai wall-clock seconds since 1970-01-01 00:00 (unix = local − 8 h).
// ---------------------------------------------------------------------------------------------------

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;

function daysFromCivil(y, m, d) {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days) {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: era * 400 + yoe + (m <= 2 ? 1 : 0), m, d };
}

const FIRST_DAY = daysFromCivil(2025, 10, 1);
const LAST_DAY = daysFromCivil(2026, 9, 30);
const DAYS = LAST_DAY - FIRST_DAY + 1;
/** The exports are taken the morning after the year's last day. */
const EXPORT_AT = (LAST_DAY + 1) * DAY + 9 * HOUR + 12 * MINUTE + 37;
const EXPORT_UNIX = EXPORT_AT - 8 * HOUR;

/** `YYYY-MM-DD` per day number, from a week before the year to a month after it. */
const DAY_BASE = FIRST_DAY - 7;
const dayStrings = Array.from({ length: DAYS + 45 }, (_, i) => {
  const { y, m, d } = civilFromDays(DAY_BASE + i);
  return `${y}-${pad2[m]}-${pad2[d]}`;
});
const formatDay = (day) => dayStrings[day - DAY_BASE];

function formatTime(local) {
  const day = Math.floor(local / DAY);
  const s = local - day * DAY;
  return `${formatDay(day)} ${pad2[Math.floor(s / HOUR)]}:${pad2[Math.floor((s % HOUR) / MINUTE)]}:${pad2[s % MINUTE]}`;
}

const time = (t) => (t === null ? '-' : formatTime(t));

/** Payments by hour of day: evenings dominate, live rooms more so. */
const HOUR_WEIGHTS = [
  2, 1, 0.5, 0.3, 0.2, 0.3, 0.6, 1.2, 2, 2.5, 3, 3, 3.2, 3, 2.8, 2.8, 3, 3.5, 4, 5.5, 6.5, 6.5, 5.5, 3.5,
];
const HOURS = new Weighted(HOUR_WEIGHTS.map((w, h) => [h, w]));
const LIVE_HOURS = new Weighted(HOUR_WEIGHTS.map((w, h) => [h, h >= 19 ? w * 1.8 : w]));

/** Double 11, 12.12 and 618: more coupons and platform subsidies. */
function isSaleDay(day) {
  const { m, d } = civilFromDays(day);
  return (m === 11 && d <= 11) || (m === 6 && d <= 18) || (m === 12 && d === 12);
}
const SALE_DAY = Array.from({ length: DAYS }, (_, i) => isSaleDay(FIRST_DAY + i));

// ---------------------------------------------------------------------------------------------------
// Money: integer fen, written with two decimals.
// ---------------------------------------------------------------------------------------------------

function yuan(fen) {
  if (fen < 0) return `-${yuan(-fen)}`;
  return `${Math.floor(fen / 100)}.${pad2[fen % 100]}`;
}

/** 千川 groups thousands: `"12,345.67"`, quoted because of the commas. */
function adMoney(fen) {
  const s = yuan(fen);
  if (fen < 100000) return s;
  const [int, dec] = s.split('.');
  return `"${int.replace(/\B(?=(\d{3})+$)/g, ',')}.${dec}"`;
}

const divRound = (a, b) => Math.floor((2 * a + b) / (2 * b));
/** fen × basis points, half up. */
const applyRate = (fen, bp) => divRound(fen * bp, 10000);
const percent = (bp) => `${Math.floor(bp / 100)}.${pad2[bp % 100]}%`;
function ratio2(num, den, scale = 1) {
  if (den === 0) return '0.00';
  const h = divRound(num * scale * 100, den);
  return `${Math.floor(h / 100)}.${pad2[h % 100]}`;
}

// ---------------------------------------------------------------------------------------------------
// GB18030 without dependencies: decode every two-byte sequence once, keep the reverse map per UTF-16
// code unit (lead << 8 | trail; 0 = not encodable in two bytes).
// ---------------------------------------------------------------------------------------------------

let gbTable = null;

function gb18030Table() {
  if (gbTable) return gbTable;
  gbTable = new Uint16Array(65536);
  const decoder = new TextDecoder('gb18030', { fatal: true });
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      let ch;
      try {
        ch = decoder.decode(Uint8Array.of(lead, trail));
      } catch {
        continue; // not a valid pair
      }
      // The lowest pair wins when two decode to the same character.
      if (ch.length === 1 && gbTable[ch.charCodeAt(0)] === 0) gbTable[ch.charCodeAt(0)] = (lead << 8) | trail;
    }
  }
  return gbTable;
}

export function encodeGb18030(text) {
  const table = gb18030Table();
  const out = Buffer.allocUnsafe(text.length * 2);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
      continue;
    }
    const pair = table[c];
    if (pair === 0) throw new Error(`cannot encode U+${c.toString(16)} in two-byte GB18030`);
    out[n++] = pair >> 8;
    out[n++] = pair & 0xff;
  }
  return out.subarray(0, n);
}

// ---------------------------------------------------------------------------------------------------
// Output: one write stream per file, rows joined into ~64 KiB strings, back-pressure respected.
// ---------------------------------------------------------------------------------------------------

class ChunkedFile {
  constructor(root, path, encode = null) {
    this.path = path;
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    this.stream = createWriteStream(full);
    this.encode = encode;
    this.parts = [];
    this.chars = 0;
    this.rows = 0;
    this.blocked = false;
  }
  /** A header or any text that is not a data row. */
  text(s) {
    this.parts.push(s);
    this.chars += s.length;
    if (this.chars >= CHUNK_CHARS) this.flush();
  }
  row(s) {
    this.rows++;
    this.text(s);
  }
  flush() {
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.chars = 0;
    if (!this.stream.write(this.encode ? this.encode(text) : text)) this.blocked = true;
  }
  async drain() {
    if (!this.blocked) return;
    this.blocked = false;
    await once(this.stream, 'drain');
  }
  async end() {
    this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

// ---------------------------------------------------------------------------------------------------
// The shop: 28 products, 40 SKUs (38 with a 商家编码; two sold without one, so their SKU key is the
// 商品ID), 200 influencers, 16 千川 plans.
// ---------------------------------------------------------------------------------------------------

const SHOP = { id: '271846390', name: '澜屿生活旗舰店' };
const ACCOUNT = { id: '1781036529847316', name: '澜屿生活旗舰店-千川' };
const DOUYIN_ACCOUNT = { id: '86523190477', name: '澜屿生活官方旗舰店' };

const ITEMS = [
  ['纯棉短袖T恤', 5990, ['白色', '黑色', '灰色']],
  ['加绒连帽卫衣', 12900, ['黑色', '燕麦色']],
  ['冰丝阔腿裤', 7990, ['黑色', '卡其色']],
  ['中筒棉袜5双装', 2990, null],
  ['A类纯棉毛巾2条装', 3990, ['蓝色', '粉色']],
  ['珊瑚绒毛毯', 9900, ['150x200', '200x230']],
  ['防晒冰袖', 1990, null],
  ['真丝眼罩', 3900, null],
  ['记忆棉枕头', 8900, ['标准款', '加高款']],
  ['全棉四件套', 29900, ['1.5米', '1.8米']],
  ['凉席三件套', 19900, ['1.5米', '1.8米']],
  ['不锈钢保温杯', 6900, null],
  ['玻璃收纳盒', 4990, null],
  ['硅藻泥地垫', 3590, null],
  ['一次性洗脸巾', 2490, ['单包', '三包']],
  ['纯棉浴巾', 5990, null],
  ['莫代尔睡衣套装', 13900, ['M', 'L']],
  ['轻薄羽绒马甲', 19900, null],
  ['羊毛围巾', 9900, null],
  ['速干运动短裤', 4990, null],
  ['高腰瑜伽裤', 6990, ['黑色', '灰色']],
  ['帆布托特包', 3990, null],
  ['自动晴雨伞', 4590, null],
  ['棉麻拖鞋', 2990, null],
  ['儿童棉袜6双装', 2590, null],
  ['纯棉内裤3条装', 4990, null],
  ['竹纤维抹布10片装', 1990, null],
  ['厨房吸油纸', 1290, null],
];

function buildCatalogue(rng) {
  const products = [];
  const skus = [];
  ITEMS.forEach(([name, price, variants], i) => {
    const product = {
      index: i,
      productId: `37${rng.digits(17)}`,
      name: `澜屿${name}`,
      price,
      bulky: price < 4000,
      skus: [],
    };
    // The last two products are listed without a 商家编码.
    const coded = i < ITEMS.length - 2;
    for (const [j, variant] of (variants ?? [null]).entries()) {
      const sku = {
        product,
        code: coded ? `LY-${pad(i + 1, 3)}-${pad2[j + 1]}` : null,
        title: variant ? `${product.name} ${variant}` : product.name,
        article: coded ? `LY25${pad(i + 1, 3)}${String.fromCharCode(65 + j)}` : '-',
        unitCost: Math.round((price * (30 + rng.int(0, 15))) / 100),
      };
      product.skus.push(sku);
      skus.push(sku);
    }
    products.push(product);
  });
  return { products, skus, productPick: new Weighted(products.map((p, i) => [p, 1 / (i + 2) ** 0.7])) };
}

const NICK_HEADS = ['小鹿', '阿May', '居家', '胖虎', '橙子妈妈', '糖糖', '大橘', '木子', '阿宁', '七七'];
const NICK_HEADS2 = ['安安', '小乔', '阿杰', '老王', '莉莉', '豆豆', '甜甜', '晴天', '米粒', '可乐'];
const NICK_TAILS = [
  '穿搭日记',
  '的衣橱',
  '好物君',
  '爱分享',
  '的日常',
  '严选',
  '探店',
  '生活馆',
  '种草机',
  '优选',
];

function buildAuthors(rng) {
  const authors = [];
  for (const head of [...NICK_HEADS, ...NICK_HEADS2])
    for (const tail of NICK_TAILS) {
      const i = authors.length;
      authors.push({
        id: rng.digits(rng.chance(0.5) ? 10 : 11),
        nickname: head + tail,
        handle: `ly_author_${pad(i + 1, 3)}`,
        rate: rng.pick([1000, 1500, 2000, 2500, 3000]),
        live: 0.3 + 0.6 * rng.float(),
        promoFee: rng.chance(0.1) ? 300 : 0,
        tiered: rng.chance(0.05),
      });
    }
  // A few big influencers sell most: Zipf-like weights over a shuffled order.
  const order = authors.map((a) => [a, rng.float()]).sort((x, y) => x[1] - y[1]);
  return new Weighted(order.map(([a], rank) => [a, 1 / (rank + 1) ** 0.9]));
}

/** The shop's own sales by 流量体裁; influencers' sales are 直播 or 短视频. */
const OWN_CHANNELS = new Weighted([
  ['直播', 35],
  ['短视频', 18],
  ['商品卡', 32],
  ['其他', 15],
]);
const INFLUENCER_SHARE = 0.35;
const PLACEHOLDER = '数据将于第二天更新';

const AREAS = [
  ['广东省', '广州市', '天河区'],
  ['广东省', '深圳市', '南山区'],
  ['浙江省', '杭州市', '西湖区'],
  ['江苏省', '苏州市', '姑苏区'],
  ['山东省', '济南市', '历下区'],
  ['四川省', '成都市', '武侯区'],
  ['河南省', '郑州市', '金水区'],
  ['湖北省', '武汉市', '洪山区'],
  ['上海市', '上海市', '浦东新区'],
  ['北京市', '北京市', '朝阳区'],
  ['福建省', '厦门市', '思明区'],
  ['湖南省', '长沙市', '岳麓区'],
];
const COURIERS = [
  ['中通快递', '78'],
  ['圆通速递', 'YT'],
  ['韵达快递', '43'],
  ['申通快递', '77'],
];
const PAY_METHODS = new Weighted([
  ['抖音支付', 45],
  ['微信', 25],
  ['支付宝', 22],
  ['抖音月付', 8],
]);
const APPS = new Weighted([
  ['抖音', 82],
  ['抖音极速版', 13],
  ['抖音火山版', 5],
]);
const LINES_PER_ORDER = new Weighted([
  [1, 90],
  [2, 7],
  [3, 3],
]);
const BUYER_NOTES = ['请尽快发货', '送人的，不要放价格单', '周末在家，工作日放驿站', '颜色发对哦'];
const CANCEL_UNPAID = ['超时未支付', '不想要了', '拍错/多拍', '其他渠道价格更低'];
const CANCEL_REFUND = ['不想要了', '拍错/多拍', '地址信息填写错误', '商家发货慢'];

// ---------------------------------------------------------------------------------------------------
// Headers, verbatim from export-formats.md.
// ---------------------------------------------------------------------------------------------------

export const ORDER_HEADER =
  '主订单编号,子订单编号,支付方式,选购商品,货号,商品ID,商家编码,商品数量,商品金额,订单提交时间,支付完成时间,订单完成时间,承诺发货时间,预约发货时间,买家留言,旗帜颜色,商家备注,APP渠道,订单状态,取消原因,售后状态,订单类型,发货时间,车型,是否是以旧换新,换新额外补贴,换新额外补贴发放状态,订单应付金额,运费,优惠总金额,平台优惠,商家优惠,达人优惠,商家改价,支付优惠,手续费,红包抵扣,降价类优惠,平台实际承担优惠金额,商家实际承担优惠金额,达人实际承担优惠金额,收件人,收件人手机号,省,市,区,街道,详细地址,是否修改过地址,快递信息,序列号,达人ID,达人昵称,拼团订单团编号,商品单价是否含税,税费,鲁班落地页ID,所属门店ID,流量来源,仓库ID,仓库名称,是否安心购,广告渠道,流量类型,流量体裁,流量渠道,发货主体,发货主体明细,教育优惠,预计送达时间,是否平台仓自流转,是否是渠道商品,预约送达时间,建议发货时间（起）,建议发货时间（止）';

const COMMISSION_HEADER =
  '订单id,商品id,商品名称,作者账号,抖音/火山号,支付金额,佣金率,预估佣金支出,结算金额,实际佣金支出,订单状态,超时未结算原因,付款时间,收货时间,订单结算时间,商品来源,尾款支付时间,定金金额,店铺id,店铺名称,商品数量,佣金发票,冻结比例,是否阶梯佣金,门槛销量,基础佣金率,升佣佣金率,预估奖励佣金支出,结算奖励佣金支出,阶梯计划ID,支付补贴,平台补贴,达人补贴,运费,税费,运费补贴,分销来源,营销活动id,推广费率,推广技术服务费,预估推广费支出,结算推广费支出,计划类型,订单来源,流量细分来源,流量来源,订单类型';

const INSURANCE_HEADER = '保险单号,动账流水号,关联子订单号,摘要描述,动账时间,金额(元)';

const STANDARD_HEADER =
  '推广类型,账户名称,账户ID,计划ID,计划名称,商品ID,商品名称,抖音号ID,抖音号名称,日期,消耗(元),展示次数,点击率(%),点击次数,转化数,转化率(%),转化成本(元),7日总支付ROI,直接成交订单数,直接成交金额(元),直接支付ROI,直接下单订单数,直接下单金额(元),直接下单ROI,7日间接成交金额(元),播放数,3s播放数,播放完成数,广告类型,达人uid,成交智能优惠券金额,订单成交成本';

const tabLead = (s) => `"\t${s}"`;
const tabTrail = (s) => `"${s}\t"`;

// ---------------------------------------------------------------------------------------------------
// Orders and what becomes of each line, as the export taken at EXPORT_AT shows it.
// ---------------------------------------------------------------------------------------------------

/** Fate of a paid line: [name, weight]. ~5% refunded before shipment, ~6% after, a few not refunds. */
const FATES = new Weighted([
  ['refund_before', 50],
  ['refund_after', 60],
  ['closed_paid', 3], // closed by the platform after payment, no after-sale: money returned
  ['aftersale_closed', 15],
  ['exchange', 7],
  ['resent', 2],
  ['refused', 3],
  ['open', 5],
  ['kept', 855],
]);
const OPEN_STATES = ['待退货', '售后待处理', '退款中'];

function shipTime(rng, paidAt) {
  const day = Math.floor(paidAt / DAY);
  const hour = (paidAt - day * DAY) / HOUR;
  const late = rng.chance(0.08) ? 1 : 0;
  return hour < 15
    ? (day + late) * DAY + 16 * HOUR + rng.int(0, 4 * HOUR)
    : (day + 1 + late) * DAY + 10 * HOUR + rng.int(0, 8 * HOUR);
}

/** A line's cells that depend on its fate: status, cancel reason, after-sale, shipped, completed. */
function lineState(rng, order, line) {
  if (order.paidAt === null)
    return { status: '已关闭', cancel: order.cancel, afterSale: '-', shipAt: null, completeAt: null };
  const shipAt = order.shipAt <= EXPORT_AT ? order.shipAt : null;
  const completeAt = shipAt !== null ? shipAt + rng.int(3 * DAY, 10 * DAY) : null;
  const done = completeAt !== null && completeAt <= EXPORT_AT ? completeAt : null;
  const normal = {
    status: shipAt === null ? '待发货' : done !== null ? '已完成' : '已发货',
    cancel: '-',
    afterSale: '-',
    shipAt,
    completeAt: done,
  };
  const recent = order.paidAt > EXPORT_AT - 7 * DAY;
  switch (line.fate) {
    case 'refund_before':
      return {
        status: '已关闭',
        cancel: rng.pick(CANCEL_REFUND),
        afterSale: '退款成功',
        shipAt: null,
        completeAt: null,
      };
    case 'refund_after': {
      if (shipAt === null || recent) return { ...normal, afterSale: '待退货' }; // not refunded yet
      const label = rng.chance(0.7) ? '退款成功' : '已全额退款';
      return rng.chance(0.6)
        ? { status: '已关闭', cancel: '-', afterSale: label, shipAt, completeAt: null }
        : { ...normal, afterSale: label };
    }
    case 'closed_paid':
      return { status: '已关闭', cancel: '风控拦截', afterSale: '-', shipAt: null, completeAt: null };
    case 'aftersale_closed':
      return { ...normal, afterSale: shipAt === null ? '-' : '售后关闭' };
    case 'exchange':
      return { ...normal, afterSale: shipAt === null ? '-' : '换货成功' };
    case 'resent':
      return { ...normal, afterSale: shipAt === null ? '-' : '补寄成功' };
    case 'refused':
      return { ...normal, afterSale: shipAt === null ? '-' : '售后已拒绝' };
    case 'open':
      return { ...normal, afterSale: rng.pick(OPEN_STATES) };
    default:
      return normal;
  }
}

const isRefund = (st) =>
  st.afterSale === '退款成功' || st.afterSale === '已全额退款' || st.status === '已关闭';

function discounts(rng, sale, gross, author) {
  const draw = (p, options) => {
    if (!rng.chance(p)) return 0;
    const x = rng.pick(options);
    return x <= gross / 4 ? x : 0;
  };
  return {
    merchant: draw(sale ? 0.5 : 0.22, [300, 500, 1000, 2000]),
    platform: draw(sale ? 0.3 : 0.08, [200, 300, 500, 800]),
    influencer: author ? draw(0.3, [300, 500]) : 0,
  };
}

const mask = (rng, prefix) => `${prefix}密文${rng.token(4)}`;

function orderRow(order, line, st) {
  const { sku, disc } = line;
  const a = order.author;
  const paid = order.paidAt !== null;
  const ph = line.placeholder;
  const cells = [
    tabLead(order.id), // 主订单编号
    tabLead(line.id), // 子订单编号
    paid ? order.payMethod : '-', // 支付方式
    tabLead(sku.title), // 选购商品
    sku.article === '-' ? '-' : tabLead(sku.article), // 货号
    tabLead(sku.product.productId), // 商品ID
    sku.code === null ? '-' : tabLead(sku.code), // 商家编码
    line.qty, // 商品数量
    yuan(sku.product.price), // 商品金额 (a unit price)
    formatTime(order.submitAt), // 订单提交时间
    time(order.paidAt), // 支付完成时间
    time(st.completeAt), // 订单完成时间
    paid ? formatTime(order.paidAt + 48 * HOUR) : '-', // 承诺发货时间
    '-', // 预约发货时间
    order.note, // 买家留言
    order.flag, // 旗帜颜色
    order.remark, // 商家备注
    order.app, // APP渠道
    st.status, // 订单状态
    st.cancel, // 取消原因
    st.afterSale, // 售后状态
    '普通订单', // 订单类型
    time(st.shipAt), // 发货时间
    '-', // 车型
    '否', // 是否是以旧换新
    '0.00', // 换新额外补贴
    '-', // 换新额外补贴发放状态
    yuan(line.payable), // 订单应付金额
    '0.00', // 运费
    yuan(disc.platform + disc.merchant + disc.influencer), // 优惠总金额
    yuan(disc.platform), // 平台优惠
    yuan(disc.merchant), // 商家优惠
    yuan(disc.influencer), // 达人优惠
    '0.00', // 商家改价
    '0.00', // 支付优惠
    '0.00', // 手续费
    '0.00', // 红包抵扣
    '0.00', // 降价类优惠
    yuan(disc.platform), // 平台实际承担优惠金额
    yuan(disc.merchant), // 商家实际承担优惠金额
    yuan(disc.influencer), // 达人实际承担优惠金额
    order.buyer[0], // 收件人
    order.buyer[1], // 收件人手机号
    order.area[0], // 省
    order.area[1], // 市
    order.area[2], // 区
    '-', // 街道
    order.buyer[2], // 详细地址
    '否', // 是否修改过地址
    st.shipAt === null ? '-' : order.tracking, // 快递信息
    '-', // 序列号
    a ? tabLead(a.id) : '-', // 达人ID
    a ? a.nickname : '-', // 达人昵称
    '-', // 拼团订单团编号
    '-', // 商品单价是否含税
    '0.00', // 税费
    '-', // 鲁班落地页ID
    '-', // 所属门店ID
    a ? '精选联盟' : '小店自卖', // 流量来源
    '-', // 仓库ID
    '-', // 仓库名称
    order.anxin, // 是否安心购
    ph ? PLACEHOLDER : order.advertised ? order.channel : '-', // 广告渠道
    ph ? PLACEHOLDER : order.advertised ? '广告' : '非广告', // 流量类型
    ph ? PLACEHOLDER : order.channel, // 流量体裁
    ph ? PLACEHOLDER : order.entrance, // 流量渠道
    '商家', // 发货主体
    '-', // 发货主体明细
    '0.00', // 教育优惠
    '-', // 预计送达时间
    '否', // 是否平台仓自流转
    '否', // 是否是渠道商品
    '-', // 预约送达时间
    '-', // 建议发货时间（起）
    '-', // 建议发货时间（止）
  ];
  return cells.join(',') + '\r\n';
}

const SETTLE_DELAY = 7 * DAY;
const TIER_FROM = daysFromCivil(2025, 11, 1);
const TIER_TO = daysFromCivil(2025, 11, 11);

function commissionRow(order, line, st, lineId) {
  const a = order.author;
  const base = line.payable;
  const day = Math.floor(order.paidAt / DAY);
  const tiered = a.tiered && day >= TIER_FROM && day <= TIER_TO;
  const estimate = applyRate(base, a.rate);
  const rewardEstimate = tiered ? applyRate(base, 500) : 0;
  const promoEstimate = a.promoFee ? applyRate(base, a.promoFee) : 0;
  const refunded = isRefund(st);
  const settled = !refunded && st.completeAt !== null && st.completeAt + SETTLE_DELAY <= EXPORT_AT;
  let status, settledBase, actual, reward, promo, settleTime;
  if (refunded) {
    [status, settledBase, actual, reward, promo, settleTime] = [
      '订单退货退款',
      '0.00',
      '0.00',
      '0.00',
      '0.00',
      '-',
    ];
  } else if (settled) {
    status = '订单结算';
    [settledBase, actual, reward, promo] = [base, estimate, rewardEstimate, promoEstimate].map(yuan);
    settleTime = formatTime(st.completeAt + SETTLE_DELAY);
  } else {
    status = st.completeAt !== null ? '订单收货' : '订单付款';
    [settledBase, actual, reward, promo, settleTime] = ['-', '-', '-', '-', '-'];
  }
  const live = order.channel === '直播';
  return [
    tabTrail(lineId), // 订单id
    tabTrail(line.sku.product.productId), // 商品id
    line.sku.product.name, // 商品名称
    a.nickname, // 作者账号
    a.handle, // 抖音/火山号
    yuan(base), // 支付金额
    percent(a.rate), // 佣金率
    yuan(estimate), // 预估佣金支出
    settledBase, // 结算金额
    actual, // 实际佣金支出
    status, // 订单状态
    '-', // 超时未结算原因
    formatTime(order.paidAt), // 付款时间
    !refunded && st.completeAt !== null ? formatTime(st.completeAt) : '-', // 收货时间
    settleTime, // 订单结算时间
    '店铺商品', // 商品来源
    '-', // 尾款支付时间
    '0.00', // 定金金额
    tabTrail(SHOP.id), // 店铺id
    SHOP.name, // 店铺名称
    line.qty, // 商品数量
    '否', // 佣金发票
    '0.00%', // 冻结比例
    tiered ? '是' : '否', // 是否阶梯佣金
    tiered ? '200' : '-', // 门槛销量
    percent(a.rate), // 基础佣金率
    tiered ? '5.00%' : '0.00%', // 升佣佣金率
    yuan(rewardEstimate), // 预估奖励佣金支出
    reward, // 结算奖励佣金支出
    tiered ? tabTrail('7434108862051237') : '-', // 阶梯计划ID
    '0.00', // 支付补贴
    yuan(line.disc.platform), // 平台补贴
    yuan(line.disc.influencer), // 达人补贴
    '0.00', // 运费
    '0.00', // 税费
    '0.00', // 运费补贴
    a.promoFee ? '团长推广' : '达人直接推广', // 分销来源
    a.promoFee ? tabTrail('3106672841') : '-', // 营销活动id
    percent(a.promoFee), // 推广费率
    '0.00', // 推广技术服务费
    yuan(promoEstimate), // 预估推广费支出
    promo, // 结算推广费支出
    a.promoFee ? '定向计划' : '普通计划', // 计划类型
    '抖音', // 订单来源
    live ? '直播间' : '短视频', // 流量细分来源
    live ? '直播' : '视频', // 流量来源
    '普通订单', // 订单类型
  ].join(',');
}

/** 0.20–3.50 yuan, higher for dearer parcels. */
const premiumFor = (rng, gmv) => Math.min(350, 20 + Math.floor((gmv * 5) / 1000) + rng.int(0, 25));

function insuranceRow(policy, flow, target, at, amount) {
  return `'${policy},'${flow},'${target},${amount < 0 ? '运费险保费退还' : '运费险保费'},${formatTime(at)},${yuan(amount)}\r\n`;
}

// ---------------------------------------------------------------------------------------------------
// 千川 标准推广: 16 plans, each on 1–3 products, one row per plan, product and day; spend scales with N
// (about 15% of GMV in all) and does not depend on the orders, so the file is written after them.
// ---------------------------------------------------------------------------------------------------

function buildPlans(rng, catalogue) {
  const plans = [];
  const names = ['直播间成交', '短视频种草', '新品测款', '直播间引流', '短视频成交', '老客复购'];
  for (let i = 0; i < 16; i++) {
    const type = i % 3 === 1 ? '短视频' : '直播';
    const products = [];
    const count = rng.int(1, 3);
    while (products.length < count) {
      const p = catalogue.productPick.pick(rng);
      if (!products.includes(p)) products.push(p);
    }
    plans.push({
      id: `74${pad(i * 7919 + 2113, 5)}${rng.digits(12)}`,
      name: `${products[0].name.slice(2, 6)}-${names[i % names.length]}-${pad2[i + 1]}`,
      type,
      products,
      weight: 0.5 + rng.float(),
    });
  }
  return plans;
}

function standardFigures(rng, spend) {
  const impressions = Math.round((spend / 100 / (18 + 14 * rng.float())) * 1000);
  const clicks = Math.round(impressions * (0.01 + 0.03 * rng.float()));
  const conversions = Math.round(clicks * (0.01 + 0.04 * rng.float()));
  const gmv = Math.round(spend * (1.5 + 2.5 * rng.float()));
  const orders = Math.max(conversions, Math.round(gmv / 9000));
  const placedGmv = Math.round(gmv * (1.05 + 0.1 * rng.float()));
  const plays = Math.round(impressions * (0.6 + 0.3 * rng.float()));
  return {
    spend,
    impressions,
    clicks,
    conversions,
    orders,
    gmv,
    placed: Math.round(orders * 1.1),
    placedGmv,
    indirect: Math.round(gmv * (0.1 + 0.2 * rng.float())),
    plays,
    plays3s: Math.round(plays * 0.38),
    playsDone: Math.round(plays * 0.07),
    coupon: Math.round(gmv * 0.015 * rng.float()),
  };
}

function standardCells(f) {
  return [
    adMoney(f.spend), // 消耗(元)
    f.impressions, // 展示次数
    ratio2(f.clicks, f.impressions, 100), // 点击率(%)
    f.clicks, // 点击次数
    f.conversions, // 转化数
    ratio2(f.conversions, f.clicks, 100), // 转化率(%)
    adMoney(f.conversions ? divRound(f.spend, f.conversions) : 0), // 转化成本(元)
    ratio2(f.gmv + f.indirect, f.spend), // 7日总支付ROI
    f.orders, // 直接成交订单数
    adMoney(f.gmv), // 直接成交金额(元)
    ratio2(f.gmv, f.spend), // 直接支付ROI
    f.placed, // 直接下单订单数
    adMoney(f.placedGmv), // 直接下单金额(元)
    ratio2(f.placedGmv, f.spend), // 直接下单ROI
    adMoney(f.indirect), // 7日间接成交金额(元)
    f.plays, // 播放数
    f.plays3s, // 3s播放数
    f.playsDone, // 播放完成数
  ];
}

async function writeStandardAds(file, rng, plans, lines) {
  file.text('\ufeff' + STANDARD_HEADER + '\r\n');
  // About 15% of GMV (≈ 100 yuan a line) over the year, shared by plan weight.
  const perDay = (lines * 10000 * 0.15) / DAYS;
  const rows = plans.reduce((n, p) => n + p.products.length * p.weight, 0);
  const sum = standardFigures(rng, 0);
  for (const k of Object.keys(sum)) sum[k] = 0;
  for (let day = FIRST_DAY; day <= LAST_DAY; day++) {
    const sale = SALE_DAY[day - FIRST_DAY] ? 2 : 1;
    for (const plan of plans)
      for (const product of plan.products) {
        const spend = Math.max(
          500,
          Math.round(((perDay * plan.weight) / rows) * sale * (0.6 + 0.8 * rng.float())),
        );
        const f = standardFigures(rng, spend);
        for (const k of Object.keys(sum)) sum[k] += f[k];
        file.row(
          [
            '标准推广',
            ACCOUNT.name,
            ACCOUNT.id,
            plan.id,
            plan.name,
            product.productId,
            product.name,
            DOUYIN_ACCOUNT.id,
            DOUYIN_ACCOUNT.name,
            formatDay(day),
            ...standardCells(f),
            plan.type, // 广告类型
            DOUYIN_ACCOUNT.id, // 达人uid
            adMoney(f.coupon), // 成交智能优惠券金额
            adMoney(f.orders ? divRound(f.spend, f.orders) : 0), // 订单成交成本
          ].join(',') + '\r\n',
        );
      }
    await file.drain();
  }
  // The export closes with a 合计 row: a sum, never to be added again.
  file.row(
    [
      '合计',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      ...standardCells(sum),
      '',
      '',
      adMoney(sum.coupon),
      adMoney(sum.orders ? divRound(sum.spend, sum.orders) : 0),
    ].join(',') + '\r\n',
  );
}

// ---------------------------------------------------------------------------------------------------
// The project's own formats: settings, cost sheet, fixed costs.
// ---------------------------------------------------------------------------------------------------

const SETTINGS = {
  platform_fee_rate: '0.05',
  shipping_per_parcel: '3.20',
  packaging_per_parcel: '0.80',
  return_writeoff_rate: '0.10',
};

function costSheet(catalogue) {
  const rows = catalogue.skus.map((s) => `${s.code ?? s.product.productId},${yuan(s.unitCost)}`);
  return ['sku,unit_cost', ...rows].join('\n') + '\n';
}

/** Monthly overheads scaled to the shop's size (≈ 12% of GMV). */
function fixedCosts(lines) {
  const scale = lines / 100000;
  const rows = ['month,category,amount'];
  for (let day = FIRST_DAY; day <= LAST_DAY;) {
    const { y, m } = civilFromDays(day);
    const month = `${y}-${pad2[m]}`;
    const base = [
      ['content', m === 11 || m === 6 ? 650000 : 450000],
      ['salaries', m === 2 ? 1700000 : 1500000],
      ['rent', 280000],
      ['software', 38000],
    ];
    for (const [category, fen] of base) rows.push(`${month},${category},${yuan(Math.round(fen * scale))}`);
    day = m === 12 ? daysFromCivil(y + 1, 1, 1) : daysFromCivil(y, m + 1, 1);
  }
  return rows.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------
// Main pass.
// ---------------------------------------------------------------------------------------------------

const PERIOD = '2025-10_2026-09';
const FILES = {
  orders: `orders/${EXPORT_UNIX}_订单导出_${PERIOD}.csv`,
  commissions: `commissions/联盟订单_${PERIOD}.csv`,
  insurance: `insurance/保费支出_${PERIOD}.csv`,
  ads: `ads/标准推广_${PERIOD}.csv`,
  costSheet: 'costs/cost-sheet.csv',
  fixedCosts: 'costs/fixed-costs.csv',
  settings: 'roi-ledger.json',
};
export const ORDER_FILE = FILES.orders;

/** Adds a line's gmv to the generator's own truth, in fen. */
function tally(map, key, gmv, refunded) {
  let t = map.get(key);
  if (!t) map.set(key, (t = { gmv: 0, net_gmv: 0 }));
  t.gmv += gmv;
  if (!refunded) t.net_gmv += gmv;
}

async function writeAll(root, lines) {
  const rng = new Random(SEED);
  const catalogue = buildCatalogue(new Random(SEED + 1));
  const authors = buildAuthors(new Random(SEED + 2));
  const plans = buildPlans(new Random(SEED + 3), catalogue);
  const ins = new Random(SEED + 4);
  const ids = new IdMint();

  const orders = new ChunkedFile(root, FILES.orders);
  const commissions = new ChunkedFile(root, FILES.commissions, encodeGb18030);
  const insurance = new ChunkedFile(root, FILES.insurance);
  orders.text('\ufeff' + ORDER_HEADER + '\r\n');
  commissions.text(COMMISSION_HEADER + '\n');
  insurance.text(INSURANCE_HEADER + '\r\n');

  const truth = { channel: new Map(), sku: new Map() };
  const stats = { order_lines: 0, paid_lines: 0, unpaid_lines: 0, orders: 0, multi_line_orders: 0 };
  const strayEvery = 100000; // one commission and one premium per 100k lines name an order in no export
  const strays = Math.max(2, Math.floor(lines / strayEvery));

  let written = 0;
  while (written < lines) {
    // Newest first, as the backend writes them: the day follows the line count.
    const day = LAST_DAY - Math.floor((written * DAYS) / lines);
    const author = rng.chance(INFLUENCER_SHARE) ? authors.pick(rng) : null;
    const channel = author ? (rng.chance(author.live) ? '直播' : '短视频') : OWN_CHANNELS.pick(rng);
    const live = channel === '直播';
    const paidAt = day * DAY + (live ? LIVE_HOURS : HOURS).pick(rng) * HOUR + rng.int(0, HOUR - 1);
    const paid = !rng.chance(0.02);
    const lineCount = Math.min(LINES_PER_ORDER.pick(rng), lines - written);
    const stamp = Math.floor((paidAt - FIRST_DAY * DAY) / 4); // time-led digits of the ids
    const order = {
      id: ids.next('69', stamp, 8),
      author,
      channel,
      entrance: live ? '直播间' : channel === '短视频' ? '短视频' : channel === '商品卡' ? '搜索' : '其他',
      advertised: !author && (live || channel === '短视频') && rng.chance(0.5),
      submitAt: paidAt - rng.int(5, 240),
      paidAt: paid ? paidAt : null,
      payMethod: PAY_METHODS.pick(rng),
      app: APPS.pick(rng),
      buyer: [mask(rng, '##'), mask(rng, '$$'), mask(rng, '##')],
      area: rng.pick(AREAS),
      note: rng.chance(0.05) ? rng.pick(BUYER_NOTES) : '-',
      remark: '-',
      flag: '-',
      anxin: rng.chance(0.4) ? '是' : '否',
      cancel: paid ? '-' : rng.pick(CANCEL_UNPAID),
      shipAt: paid ? shipTime(rng, paidAt) : null,
      tracking: '',
      // The last day's attribution is not ready when the export is taken; a few old orders have none.
      placeholder: !author && ((day === LAST_DAY && rng.chance(0.25)) || rng.chance(0.001)),
    };
    const courier = rng.pick(COURIERS);
    order.tracking = `${courier[0]}:${courier[1]}${rng.digits(12)}`;
    if (rng.chance(0.02)) [order.remark, order.flag] = ['已备注赠品', '红色'];
    stats.orders++;
    if (lineCount > 1) stats.multi_line_orders++;

    const products = [];
    while (products.length < lineCount) {
      const p = catalogue.productPick.pick(rng);
      if (!products.includes(p)) products.push(p);
    }
    const insured = paid && ins.chance(0.3);
    const perOrderPolicy = insured && lineCount > 1 && ins.chance(0.03);
    const chargedAt = paidAt + ins.int(MINUTE, 8 * MINUTE);
    let orderGmv = 0;
    let allRefundedBefore = true;
    for (const product of products) {
      const sku = rng.pick(product.skus);
      const qty = product.bulky
        ? rng.chance(0.4)
          ? rng.int(2, 3)
          : 1
        : rng.chance(0.18)
          ? rng.int(2, 3)
          : 1;
      const gross = product.price * qty;
      const disc = discounts(rng, SALE_DAY[day - FIRST_DAY], gross, author);
      const line = {
        id: lineCount === 1 ? order.id : ids.next('69', stamp, 8),
        sku,
        qty,
        disc,
        payable: gross - disc.merchant - disc.platform - disc.influencer,
        fate: paid ? FATES.pick(rng) : 'unpaid',
        placeholder: order.placeholder,
      };
      const gmv = line.payable + disc.platform + disc.influencer;
      const st = lineState(rng, order, line);
      orders.row(orderRow(order, line, st));
      written++;
      stats.order_lines++;
      if (!paid) {
        stats.unpaid_lines++;
        continue;
      }
      stats.paid_lines++;
      const refunded = isRefund(st);
      tally(truth.channel, line.placeholder ? '(unknown)' : channel, gmv, refunded);
      tally(truth.sku, sku.code ?? product.productId, gmv, refunded);
      if (author) commissions.row(commissionRow(order, line, st, line.id) + '\n');
      orderGmv += gmv;
      if (line.fate !== 'refund_before') allRefundedBefore = false;
      if (insured && !perOrderPolicy) {
        const policy = ids.next('7', chargedAt, 10);
        const premium = premiumFor(ins, gmv);
        insurance.row(insuranceRow(policy, ids.next('5', chargedAt, 10), line.id, chargedAt, premium));
        // A premium comes back now and then when the goods never left.
        if (line.fate === 'refund_before' && ins.chance(0.06))
          insurance.row(
            insuranceRow(policy, ids.next('5', chargedAt, 10), line.id, chargedAt + HOUR, -premium),
          );
      }
    }
    // Now and then one policy covers a whole multi-line order and names the 主订单编号.
    if (perOrderPolicy) {
      const policy = ids.next('7', chargedAt, 10);
      const premium = premiumFor(ins, orderGmv);
      insurance.row(insuranceRow(policy, ids.next('5', chargedAt, 10), order.id, chargedAt, premium));
      if (allRefundedBefore && ins.chance(0.06))
        insurance.row(
          insuranceRow(policy, ids.next('5', chargedAt, 10), order.id, chargedAt + HOUR, -premium),
        );
    }
    if (orders.blocked || commissions.blocked || insurance.blocked)
      await Promise.all([orders.drain(), commissions.drain(), insurance.drain()]);
  }

  // Commissions and premiums on orders that are in no export: they must come out unmatched.
  const stray = new Random(SEED + 5);
  for (let i = 0; i < strays; i++) {
    const day = FIRST_DAY + stray.int(0, DAYS - 1);
    const paidAt = day * DAY + stray.int(8 * HOUR, 23 * HOUR);
    const stamp = Math.floor((paidAt - FIRST_DAY * DAY) / 4);
    const product = catalogue.productPick.pick(stray);
    const author = authors.pick(stray);
    const order = { author, channel: '直播', paidAt };
    const disc = { platform: 0, merchant: 0, influencer: 0 };
    const line = { sku: product.skus[0], qty: 1, payable: product.price, disc };
    const st = { status: '已完成', afterSale: '-', completeAt: paidAt + 5 * DAY };
    commissions.row(commissionRow(order, line, st, ids.next('69', stamp, 8)) + '\n');
    const chargedAt = paidAt + 5 * MINUTE;
    insurance.row(
      insuranceRow(
        ids.next('7', chargedAt, 10),
        ids.next('5', chargedAt, 10),
        ids.next('69', stamp, 8),
        chargedAt,
        86,
      ),
    );
  }

  const ads = new ChunkedFile(root, FILES.ads);
  await writeStandardAds(ads, new Random(SEED + 6), plans, lines);
  const files = [orders, commissions, insurance, ads];
  await Promise.all(files.map((f) => f.end()));

  mkdirSync(join(root, 'costs'), { recursive: true });
  writeFileSync(join(root, FILES.costSheet), costSheet(catalogue));
  writeFileSync(join(root, FILES.fixedCosts), fixedCosts(lines));
  writeFileSync(join(root, FILES.settings), JSON.stringify(SETTINGS, null, 2) + '\n');

  const sorted = (map) =>
    Object.fromEntries(
      [...map.entries()]
        .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
        .map(([k, v]) => [k, { gmv: yuan(v.gmv), net_gmv: yuan(v.net_gmv) }]),
    );
  return {
    stats: {
      ...stats,
      commission_rows: commissions.rows,
      insurance_rows: insurance.rows,
      ad_rows: ads.rows,
      skus: catalogue.skus.length,
      authors: authors.values.length,
      stray_commissions: strays,
      stray_premiums: strays,
    },
    truth: { channel: sorted(truth.channel), sku: sorted(truth.sku) },
  };
}

function readManifest(root) {
  try {
    return JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  } catch {
    return null;
  }
}

/** True when `root` already holds this generator's data for `lines` lines, intact. */
export function isCurrent(root, lines) {
  const m = readManifest(root);
  if (!m || m.generator_version !== GENERATOR_VERSION || m.seed !== SEED || m.lines !== lines) return false;
  try {
    return m.files.every((f) => statSync(join(root, f.path)).size === f.bytes);
  } catch {
    return false;
  }
}

/**
 * Writes the data set for `lines` order lines into `root` unless it is already there.
 * Returns the manifest (files, sizes, counts, the generator's own gmv/net_gmv per channel and SKU).
 */
export async function generate({ lines, out, force = false, log = () => {} }) {
  const root = resolve(out);
  if (!Number.isSafeInteger(lines) || lines < 1)
    throw new Error(`--lines must be a positive integer: ${lines}`);
  if (!force && isCurrent(root, lines)) {
    log(`${out}: up to date (${lines} lines), not regenerated`);
    return { ...readManifest(root), generated: false };
  }
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const started = process.hrtime.bigint();
  const { stats, truth } = await writeAll(root, lines);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const files = Object.values(FILES).map((path) => ({ path, bytes: statSync(join(root, path)).size }));
  const manifest = {
    generator: 'scripts/bench/generate.mjs',
    generator_version: GENERATOR_VERSION,
    seed: SEED,
    lines,
    order_file: FILES.orders,
    files,
    stats,
    truth,
  };
  // Written last: a folder without it (an interrupted run) is regenerated next time.
  writeFileSync(join(root, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  const mb = files.reduce((s, f) => s + f.bytes, 0) / 1e6;
  log(`${out}: wrote ${lines} order lines, ${mb.toFixed(1)} MB in ${seconds.toFixed(1)} s`);
  return { ...manifest, generated: true };
}

/** `100k` → 100000, `1m` → 1000000, `2500` → 2500. */
export function parseCount(s) {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(String(s).trim());
  if (!m) throw new Error(`not a line count: ${s}`);
  const n = Number(m[1]) * { '': 1, k: 1e3, m: 1e6 }[m[2].toLowerCase()];
  if (!Number.isSafeInteger(n)) throw new Error(`not a whole line count: ${s}`);
  return n;
}

async function main(argv) {
  const args = { lines: null, out: null, force: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--lines') args.lines = parseCount(argv[++i]);
    else if (a === '--out') args.out = argv[++i];
    else if (a === '--force') args.force = true;
    else throw new Error(`unknown argument: ${a}`);
  }
  if (args.lines === null || !args.out)
    throw new Error('usage: node scripts/bench/generate.mjs --lines 100000 --out bench-data/100k [--force]');
  await generate({ ...args, log: (s) => process.stderr.write(s + '\n') });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`generate: ${e.message}\n`);
    process.exitCode = 1;
  });
}
