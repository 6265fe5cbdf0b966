#!/usr/bin/env node
/**
 * Writes fixtures/demo/: one synthetic year (2025-10-01 … 2026-09-30, Asia/Shanghai) of 岚溪生活旗舰店,
 * a small Douyin apparel and home-textile shop, in the real export layouts that docs/rules.md and
 * ../shared/reference/export-formats.md describe (抖店 orders, 精选联盟 commissions, 运费险 premiums,
 * 千川 标准推广 and 全域推广) plus the project's own cost sheet and fixed costs.
 *
 * Deterministic on purpose: seeded PRNGs, no clock, no Math.random, no locale, no TZ. Times are plain
 * integer arithmetic on Shanghai wall-clock seconds, so `node scripts/gen-demo.mjs` rewrites the folder
 * byte for byte on any machine. Money is integer fen throughout and written with exactly two decimals.
 *
 * The generator first builds the shop's "true" history (orders and what happens to them), then writes
 * each export as the platform would show it at that export's own time: a month's order file taken a
 * few days after the month still shows its last orders as shipped-not-completed, the last commission
 * file still has unsettled lines, and so on.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TextDecoder } from 'node:util';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'demo');
const SEED = 20251001;

// ---------------------------------------------------------------------------------------------------
// Random numbers: mulberry32, one independent stream per concern, so that tuning the ads does not
// reshuffle the orders.
// ---------------------------------------------------------------------------------------------------

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  /** Uniform in [0, 1). */
  float() {
    return this.next();
  }
  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p) {
    return this.next() < p;
  }
  pick(list) {
    return list[this.int(0, list.length - 1)];
  }
  /** Picks from [[value, weight], …]. */
  weighted(pairs) {
    let total = 0;
    for (const [, w] of pairs) total += w;
    let x = this.next() * total;
    for (const [value, w] of pairs) {
      if (x < w) return value;
      x -= w;
    }
    return pairs[pairs.length - 1][0];
  }
  digits(n) {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
  token(n) {
    const abc = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
    let s = '';
    for (let i = 0; i < n; i++) s += abc[this.int(0, abc.length - 1)];
    return s;
  }
}

/** Ids are minted from one set so no two kinds of id ever collide (an unmatched id must stay unmatched). */
class IdMint {
  constructor(rng) {
    this.rng = rng;
    this.used = new Set();
  }
  make(prefix, length) {
    for (;;) {
      const id = prefix + this.rng.digits(length - prefix.length);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Time: "local seconds" count Shanghai wall-clock seconds from 1970-01-01 00:00 (China has no DST since
// 1991, so unix = local − 8 h). Day numbers count days from 1970-01-01. Civil-date conversion after
// Howard Hinnant's days_from_civil / civil_from_days.
// ---------------------------------------------------------------------------------------------------

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;
const SHANGHAI_OFFSET = 8 * HOUR;

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

const pad = (n, width = 2) => String(n).padStart(width, '0');

function formatDay(day) {
  const { y, m, d } = civilFromDays(day);
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** `YYYY-MM-DD HH:MM:SS` of a local-seconds instant. */
function formatTime(local) {
  const day = Math.floor(local / DAY);
  const s = local - day * DAY;
  return `${formatDay(day)} ${pad(Math.floor(s / HOUR))}:${pad(Math.floor((s % HOUR) / MINUTE))}:${pad(s % MINUTE)}`;
}

const at = (y, m, d, h = 0, mi = 0, s = 0) => daysFromCivil(y, m, d) * DAY + h * HOUR + mi * MINUTE + s;
const dayOf = (local) => Math.floor(local / DAY);
const monthKey = (day) => formatDay(day).slice(0, 7);
const unixOf = (local) => local - SHANGHAI_OFFSET;

const FIRST_DAY = daysFromCivil(2025, 10, 1);
const LAST_DAY = daysFromCivil(2026, 9, 30);

/** The twelve months of the demo year, with their day ranges. */
function months() {
  const list = [];
  for (let day = FIRST_DAY; day <= LAST_DAY;) {
    const { y, m } = civilFromDays(day);
    const next = m === 12 ? daysFromCivil(y + 1, 1, 1) : daysFromCivil(y, m + 1, 1);
    list.push({ key: `${y}-${pad(m)}`, y, m, first: day, last: next - 1 });
    day = next;
  }
  return list;
}

// ---------------------------------------------------------------------------------------------------
// Money: integer fen.
// ---------------------------------------------------------------------------------------------------

function yuan(fen) {
  if (!Number.isSafeInteger(fen)) throw new Error(`not an integer number of fen: ${fen}`);
  const a = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.floor(a / 100)}.${pad(a % 100)}`;
}

/** `1,234.56`: 千川 writes thousands separators, which makes the cell need quotes in a CSV. */
function yuanGrouped(fen) {
  const [int, dec] = yuan(fen).split('.');
  return `${int.replace(/\B(?=(\d{3})+$)/g, ',')}.${dec}`;
}

/** Rounds a/b half up for non-negative integers, without floats. */
function divRound(a, b) {
  return Math.floor((2 * a + b) / (2 * b));
}

/** fen × basis points, rounded half up to the fen (a 20.00% commission is 2000 bp). */
const applyRate = (fen, bp) => divRound(fen * bp, 10000);

const percent = (bp) => `${Math.floor(bp / 100)}.${pad(bp % 100)}%`;

/** A ratio with two decimals (ROI, CTR in %…); '0.00' when the denominator is 0. */
function ratio2(num, den, scale = 1) {
  if (den === 0) return '0.00';
  const hundredths = divRound(num * scale * 100, den);
  return `${Math.floor(hundredths / 100)}.${pad(hundredths % 100)}`;
}

// ---------------------------------------------------------------------------------------------------
// CSV cells. Every cell is passed to a row already encoded; these helpers make the quoting explicit.
// ---------------------------------------------------------------------------------------------------

/** A plain cell, quoted only when CSV needs it. */
function cell(value) {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
/** 抖店 order export: ids and some text carry a tab before the value, inside quotes. */
const tabLead = (s) => `"\t${s}"`;
/** 精选联盟 export: ids carry a trailing tab, inside quotes. */
const tabTrail = (s) => `"${s}\t"`;
/** 动账-style exports (保费支出): a leading apostrophe keeps the id text. */
const apostrophe = (s) => `'${s}`;

/** Turns objects keyed by header name into CSV lines, insisting that every column is filled. */
function csvLines(header, records) {
  const lines = [header.join(',')];
  for (const record of records) {
    lines.push(
      header
        .map((name) => {
          const value = record[name];
          if (value === undefined) throw new Error(`no value for column ${name}`);
          return value;
        })
        .join(','),
    );
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------------
// GB18030 without dependencies: decode every two-byte sequence once and keep the reverse map.
// ---------------------------------------------------------------------------------------------------

let gbTable = null;

function gb18030Table() {
  if (gbTable) return gbTable;
  gbTable = new Map();
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
      // The first (lowest) byte pair wins when two pairs decode to the same character.
      if (ch.length === 1 && !gbTable.has(ch)) gbTable.set(ch, [lead, trail]);
    }
  }
  return gbTable;
}

function encodeGb18030(text) {
  const table = gb18030Table();
  const bytes = new Uint8Array(text.length * 2);
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    if (cp < 0x80) {
      bytes[n++] = cp;
      continue;
    }
    const pair = table.get(ch);
    if (!pair)
      throw new Error(`cannot encode ${JSON.stringify(ch)} (U+${cp.toString(16)}) in two-byte GB18030`);
    bytes[n++] = pair[0];
    bytes[n++] = pair[1];
  }
  return Buffer.from(bytes.buffer, 0, n);
}

// ---------------------------------------------------------------------------------------------------
// The shop.
// ---------------------------------------------------------------------------------------------------

const SHOP = { id: '271846390', name: '岚溪生活旗舰店' };
const ACCOUNT = { id: '1781036529847316', name: '岚溪生活旗舰店-千川' };
const DOUYIN_ACCOUNT = { id: '86523190477', name: '岚溪生活官方旗舰店' };

/**
 * Products, their SKUs and seasonality. `season` is a demand weight per calendar month, January
 * first. The T-shirt product has two SKUs under one 商品ID (so an ad day without T-shirt sales cannot
 * be pinned on one SKU); the bamboo cloth has no 商家编码, so its SKU key is its 商品ID.
 */
const PRODUCTS = [
  {
    key: 'TEE',
    productId: '3719204458811376281',
    name: '岚溪纯棉短袖T恤',
    price: 5990,
    multiBuy: false,
    season: [0.3, 0.3, 0.6, 1.0, 1.4, 1.6, 1.6, 1.4, 1.0, 0.6, 0.4, 0.3],
    skus: [
      {
        code: 'LX-TEE-01',
        title: '岚溪纯棉短袖T恤 白色',
        article: 'LX25T01W',
        share: 55,
        cost: [['', 1780]],
      },
      {
        code: 'LX-TEE-02',
        title: '岚溪纯棉短袖T恤 黑色',
        article: 'LX25T01B',
        share: 45,
        cost: [['', 1780]],
      },
    ],
  },
  {
    key: 'HOOD',
    productId: '3720931754208845127',
    name: '岚溪加绒连帽卫衣',
    price: 12900,
    multiBuy: false,
    season: [1.4, 1.0, 0.7, 0.3, 0.15, 0.1, 0.1, 0.15, 0.5, 1.1, 1.6, 1.6],
    skus: [
      { code: 'LX-HOOD-01', title: '岚溪加绒连帽卫衣', article: 'LX25H01', share: 1, cost: [['', 4750]] },
    ],
  },
  {
    key: 'PANT',
    productId: '3721685093317254469',
    name: '岚溪冰丝阔腿裤',
    price: 7990,
    multiBuy: false,
    season: [0.2, 0.2, 0.4, 0.8, 1.2, 1.4, 1.4, 1.2, 0.8, 0.4, 0.3, 0.2],
    skus: [{ code: 'LX-PANT-01', title: '岚溪冰丝阔腿裤', article: 'LX25P01', share: 1, cost: [['', 2640]] }],
  },
  {
    key: 'SOCK',
    productId: '3718470562291834402',
    name: '岚溪中筒棉袜5双装',
    price: 2990,
    multiBuy: true,
    season: [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9],
    skus: [
      { code: 'LX-SOCK-05', title: '岚溪中筒棉袜5双装', article: 'LX24S05', share: 1, cost: [['', 1120]] },
    ],
  },
  {
    key: 'TOWEL',
    productId: '3719758326104492710',
    name: '岚溪A类纯棉毛巾2条装',
    price: 3990,
    multiBuy: true,
    season: [0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8],
    skus: [
      {
        code: 'LX-TOWEL-02',
        title: '岚溪A类纯棉毛巾2条装',
        article: 'LX24W02',
        share: 1,
        cost: [['', 1360]],
      },
    ],
  },
  {
    key: 'BLKT',
    productId: '3722048817650923358',
    name: '岚溪珊瑚绒毛毯',
    price: 9900,
    multiBuy: false,
    season: [1.1, 0.8, 0.4, 0.15, 0.08, 0.05, 0.05, 0.08, 0.3, 0.8, 1.3, 1.4],
    // A new fabric supplier from April: the cost sheet carries a second row.
    skus: [
      {
        code: 'LX-BLKT-01',
        title: '岚溪珊瑚绒毛毯',
        article: 'LX25B01',
        share: 1,
        cost: [
          ['2025-10-01', 3600],
          ['2026-04-01', 3950],
        ],
      },
    ],
  },
  {
    key: 'RAG',
    productId: '3723316045981127764',
    name: '竹纤维抹布10片装',
    price: 1990,
    multiBuy: true,
    season: [0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.15],
    // Sourced ready-made and listed without a 商家编码: its SKU key is the 商品ID.
    skus: [{ code: null, title: '竹纤维抹布10片装', article: '-', share: 1, cost: [['', 590]] }],
  },
];
for (const p of PRODUCTS) for (const s of p.skus) s.product = p;

/** Influencers (达人) selling through 精选联盟. rate = commission in basis points. */
const INFLUENCERS = [
  {
    id: '3865201947',
    nickname: '小鹿穿搭日记',
    handle: 'xiaolu.chuanda',
    rate: 2000,
    share: 30,
    live: 0.75,
    likes: ['TEE', 'HOOD', 'PANT'],
  },
  // Came through a 团长 (colonel): the merchant also pays a 3% promotion fee on her orders.
  {
    id: '10293847561',
    nickname: '阿May的衣橱',
    handle: 'amay_closet',
    rate: 2500,
    promoFee: 300,
    share: 22,
    live: 0.6,
    likes: ['TEE', 'HOOD', 'PANT', 'SOCK'],
  },
  {
    id: '5920384716',
    nickname: '居家好物君',
    handle: 'jujia_haowu',
    rate: 1500,
    share: 20,
    live: 0.3,
    likes: ['TOWEL', 'BLKT', 'RAG', 'SOCK'],
  },
  // Tiered commission (阶梯佣金) over Double 11: +5% above 200 units.
  {
    id: '71028364519',
    nickname: '胖虎爱分享',
    handle: 'panghu_share',
    rate: 3000,
    tiered: true,
    share: 16,
    live: 0.85,
    likes: ['HOOD', 'BLKT', 'TOWEL'],
  },
  {
    id: '2837465019',
    nickname: '橙子妈妈的日常',
    handle: 'chengzi_mama',
    rate: 1800,
    share: 12,
    live: 0.4,
    likes: ['TOWEL', 'RAG', 'TEE', 'SOCK'],
  },
];

/** The shop's own sales (no influencer) by 流量体裁. Own live room and videos, the product card… */
const OWN_CHANNELS = [
  ['直播', 35],
  ['短视频', 18],
  ['商品卡', 32],
  ['其他', 15],
];
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
  ['河北省', '石家庄市', '长安区'],
  ['陕西省', '西安市', '雁塔区'],
];
const COURIERS = [
  ['中通快递', '78'],
  ['圆通速递', 'YT'],
  ['韵达快递', '43'],
  ['申通快递', '77'],
];
const PAY_METHODS = [
  ['抖音支付', 45],
  ['微信', 25],
  ['支付宝', 22],
  ['抖音月付', 8],
];
const APPS = [
  ['抖音', 82],
  ['抖音极速版', 13],
  ['抖音火山版', 5],
];
const BUYER_NOTES = ['请尽快发货', '送人的，不要放价格单', '周末在家，工作日放驿站', '颜色发对哦'];
const CANCEL_UNPAID = ['超时未支付', '不想要了', '拍错/多拍', '其他渠道价格更低'];
const CANCEL_REFUND = ['不想要了', '拍错/多拍', '地址信息填写错误', '商家发货慢'];

/** Hour-of-day weights of payments: evenings dominate, live rooms even more so. */
const HOURS = [
  2, 1, 0.5, 0.3, 0.2, 0.3, 0.6, 1.2, 2, 2.5, 3, 3, 3.2, 3, 2.8, 2.8, 3, 3.5, 4, 5.5, 6.5, 6.5, 5.5, 3.5,
];

// ---------------------------------------------------------------------------------------------------
// Demand: ~50 paid orders on an ordinary day, Double 11 run-up and peak, Spring Festival dip
// (2026-02-17; couriers stop from the 12th), 618.
// ---------------------------------------------------------------------------------------------------

const BASE_ORDERS_PER_DAY = 38;

function demandFactor(day) {
  const { m, d } = civilFromDays(day);
  const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  let f = weekday === 0 || weekday === 6 ? 1.1 : 1;
  if (m === 10 && d >= 20) f *= 1.15; // Double 11 presale
  if (m === 11 && d <= 10) f *= 1.3 + 0.06 * d;
  if (m === 11 && d === 11) f *= 2.3;
  if (m === 11 && d >= 12 && d <= 14) f *= 1.3;
  if (m === 12 && d === 12) f *= 1.4;
  if (m === 1 && d <= 20) f *= 1.1; // 年货节
  if (m === 2 && d <= 9) f *= 0.85;
  if (m === 2 && d >= 10 && d <= 22) f *= 0.45;
  if (m === 2 && d >= 23) f *= 0.8;
  if (m === 3 && d === 8) f *= 1.4;
  if (m === 5 && d === 20) f *= 1.2;
  if (m === 6 && d <= 17) f *= 1.15 + 0.02 * d;
  if (m === 6 && d === 18) f *= 1.8;
  if (m === 9) f *= 0.95;
  return f;
}

/** Big sale windows: more coupons, platform subsidies. */
function isSaleDay(day) {
  const { m, d } = civilFromDays(day);
  return (m === 11 && d <= 11) || (m === 6 && d <= 18) || (m === 12 && d === 12);
}

/** Couriers stop over Spring Festival: orders paid then ship on 2026-02-22. */
const COURIER_STOP_FROM = at(2026, 2, 12, 16);
const COURIER_RESTART = at(2026, 2, 22, 10);

// ---------------------------------------------------------------------------------------------------
// The true history: orders, lines, and what becomes of each line.
// ---------------------------------------------------------------------------------------------------

function pickProducts(rng, day, count, author) {
  const month = civilFromDays(day).m;
  const chosen = [];
  while (chosen.length < count) {
    const pairs = PRODUCTS.filter((p) => !chosen.includes(p)).map((p) => {
      const affinity = author && !author.likes.includes(p.key) ? 0.15 : 1;
      return [p, p.season[month - 1] * affinity];
    });
    chosen.push(rng.weighted(pairs));
  }
  return chosen.map((p) => rng.weighted(p.skus.map((s) => [s, s.share])));
}

/** Socks, towels and cloths are bought two or three at a time more often than clothes. */
function pickQuantity(rng, sku) {
  return sku.product.multiBuy
    ? rng.weighted([
        [1, 60],
        [2, 28],
        [3, 12],
      ])
    : rng.weighted([
        [1, 82],
        [2, 14],
        [3, 4],
      ]);
}

/** Who funds which discount on a line (all in fen): merchant coupons, platform subsidies, influencer coupons. */
function pickDiscounts(rng, day, gross, author) {
  const sale = isSaleDay(day);
  const fits = (options) => options.filter((x) => x <= gross / 4);
  const draw = (p, options) => {
    const ok = fits(options);
    return ok.length && rng.chance(p) ? rng.pick(ok) : 0;
  };
  const merchant = draw(sale ? 0.5 : 0.22, [300, 500, 1000]);
  const platform = draw(sale ? 0.3 : 0.08, [200, 300, 500, 800]);
  const influencer = author ? draw(0.3, [300, 500]) : 0;
  return { merchant, platform, influencer };
}

function secondOfDay(rng, channel) {
  const weights = HOURS.map((w, h) => [h, channel === '直播' && h >= 19 ? w * 1.8 : w]);
  return rng.weighted(weights) * HOUR + rng.int(0, HOUR - 1);
}

/** When the parcel leaves: same evening when paid before 15:00, else the next day; couriers rest at New Year. */
function shipTime(rng, paidAt) {
  if (paidAt >= COURIER_STOP_FROM && paidAt < COURIER_RESTART)
    return Math.max(COURIER_RESTART, paidAt + 2 * HOUR) + rng.int(0, 9 * HOUR);
  const day = dayOf(paidAt);
  const hour = (paidAt - day * DAY) / HOUR;
  const lateDays = rng.chance(0.08) ? 1 : 0;
  return hour < 15
    ? (day + lateDays) * DAY + 16 * HOUR + rng.int(0, 4 * HOUR)
    : (day + 1 + lateDays) * DAY + 10 * HOUR + rng.int(0, 8 * HOUR);
}

/**
 * What becomes of a paid line: kept, refunded before shipment (5%), refunded after shipment (7%, of
 * which ~6% show as refunded: the rest are still open when their month is exported), after-sale
 * closed without money back (1.5%), or exchanged (0.7%). Times are the true times; each export shows
 * only what had happened by its own export time.
 */
function lineFate(rng, line, order) {
  const x = rng.float();
  const ship = order.shipAt;
  line.completeAt = ship + rng.int(3 * DAY, 10 * DAY);
  if (x < 0.05) {
    line.fate = 'refund_before';
    line.afterSaleAt = order.paidAt + rng.int(2 * MINUTE, ship - order.paidAt - 40 * MINUTE);
    line.refundAt = line.afterSaleAt + rng.int(MINUTE, 20 * MINUTE);
    line.cancelReason = rng.pick(CANCEL_REFUND);
    line.completeAt = null;
  } else if (x < 0.12) {
    line.fate = 'refund_after';
    line.refundLabel = rng.chance(0.7) ? '退款成功' : '已全额退款';
    line.closed = rng.chance(0.6); // refunded before confirming receipt: the line closes
    if (line.closed) {
      line.afterSaleAt = ship + rng.int(1 * DAY, 3 * DAY);
      line.refundAt = line.afterSaleAt + rng.int(2 * DAY, 5 * DAY);
      line.completeAt = null;
    } else {
      line.completeAt = ship + rng.int(3 * DAY, 6 * DAY);
      line.afterSaleAt = line.completeAt + rng.int(12 * HOUR, 5 * DAY);
      line.refundAt = line.afterSaleAt + rng.int(2 * DAY, 5 * DAY);
    }
  } else if (x < 0.135) {
    line.fate = 'aftersale_closed'; // buyer asked, then withdrew or was refused: no money back
    line.afterSaleAt = ship + rng.int(2 * DAY, 6 * DAY);
    line.resolvedAt = line.afterSaleAt + rng.int(1 * DAY, 4 * DAY);
  } else if (x < 0.142) {
    line.fate = 'exchange';
    line.afterSaleAt = ship + rng.int(2 * DAY, 6 * DAY);
    line.resolvedAt = line.afterSaleAt + rng.int(4 * DAY, 8 * DAY);
  } else {
    line.fate = 'kept';
  }
}

const mask = (rng, prefix) => `${prefix}密文${rng.token(4)}`;

function makeOrder(rng, ids, day, paid) {
  const author = rng.chance(INFLUENCER_SHARE) ? rng.weighted(INFLUENCERS.map((i) => [i, i.share])) : null;
  const channel = author ? (rng.chance(author.live) ? '直播' : '短视频') : rng.weighted(OWN_CHANNELS);
  const time = day * DAY + secondOfDay(rng, channel);
  const lineCount = rng.weighted([
    [1, 85],
    [2, 11],
    [3, 4],
  ]);
  const area = rng.pick(AREAS);
  const advertised = !author && (channel === '直播' || channel === '短视频') && rng.chance(0.5);
  const entrance =
    channel === '直播'
      ? '直播间'
      : channel === '短视频'
        ? '短视频'
        : channel === '商品卡'
          ? rng.pick(['搜索', '商城推荐', '店铺页'])
          : '其他';
  const order = {
    id: ids.make('69', 19),
    author,
    channel,
    entrance,
    advertised,
    submitAt: time - rng.int(5, 240),
    paidAt: paid ? time : null,
    payMethod: rng.weighted(PAY_METHODS),
    app: rng.weighted(APPS),
    buyer: {
      name: mask(rng, '##'),
      phone: mask(rng, '$$'),
      address: mask(rng, '##'),
      area,
    },
    addressChanged: rng.chance(0.03),
    note: rng.chance(0.06) ? rng.pick(BUYER_NOTES) : '-',
    remark: rng.chance(0.02) ? '已备注赠品' : '-',
    anxin: rng.chance(0.4),
    courier: rng.pick(COURIERS),
    cancelReason: paid ? '-' : rng.pick(CANCEL_UNPAID),
    lines: [],
  };
  order.tracking = order.courier[1] + rng.digits(12);
  order.flag = order.remark === '-' ? '-' : '红色';
  order.shipAt = paid ? shipTime(rng, time) : null;
  const skus = pickProducts(rng, day, lineCount, author);
  for (const sku of skus) {
    const qty = pickQuantity(rng, sku);
    const gross = sku.product.price * qty;
    const disc = pickDiscounts(rng, day, gross, author);
    const line = {
      id: lineCount === 1 ? order.id : ids.make('69', 19),
      sku,
      qty,
      discounts: disc,
      payable: gross - disc.merchant - disc.platform - disc.influencer,
      placeholder: false,
    };
    // 平台/达人-funded discounts are credited to the merchant: rules.md's gmv.
    line.gmv = line.payable + disc.platform + disc.influencer;
    if (paid) lineFate(rng, line, order);
    order.lines.push(line);
  }
  return order;
}

function generateOrders(rng, ids) {
  const orders = [];
  for (let day = FIRST_DAY; day <= LAST_DAY; day++) {
    const paidCount = Math.round(BASE_ORDERS_PER_DAY * demandFactor(day) * (0.88 + 0.24 * rng.float()));
    for (let i = 0; i < paidCount; i++) {
      orders.push(makeOrder(rng, ids, day, true));
      // ~3% of orders are placed and never paid (closed by timeout or by the buyer).
      if (rng.chance(0.03)) orders.push(makeOrder(rng, ids, day, false));
    }
  }
  // The last day's traffic attribution is not ready when the last export is taken.
  let placeholders = 0;
  for (const order of orders) {
    if (order.paidAt === null || dayOf(order.paidAt) !== LAST_DAY || order.author) continue;
    if (placeholders < 7 && rng.chance(0.25))
      for (const line of order.lines) {
        line.placeholder = true;
        placeholders++;
      }
  }
  return orders;
}

// ---------------------------------------------------------------------------------------------------
// 抖店 订单导出, one file per month, as seen at the export time in its file name.
// ---------------------------------------------------------------------------------------------------

const ORDER_HEADER =
  '主订单编号,子订单编号,支付方式,选购商品,货号,商品ID,商家编码,商品数量,商品金额,订单提交时间,支付完成时间,订单完成时间,承诺发货时间,预约发货时间,买家留言,旗帜颜色,商家备注,APP渠道,订单状态,取消原因,售后状态,订单类型,发货时间,车型,是否是以旧换新,换新额外补贴,换新额外补贴发放状态,订单应付金额,运费,优惠总金额,平台优惠,商家优惠,达人优惠,商家改价,支付优惠,手续费,红包抵扣,降价类优惠,平台实际承担优惠金额,商家实际承担优惠金额,达人实际承担优惠金额,收件人,收件人手机号,省,市,区,街道,详细地址,是否修改过地址,快递信息,序列号,达人ID,达人昵称,拼团订单团编号,商品单价是否含税,税费,鲁班落地页ID,所属门店ID,流量来源,仓库ID,仓库名称,是否安心购,广告渠道,流量类型,流量体裁,流量渠道,发货主体,发货主体明细,教育优惠,预计送达时间,是否平台仓自流转,是否是渠道商品,预约送达时间,建议发货时间（起）,建议发货时间（止）'.split(
    ',',
  );

/** The month's export is taken three days after the month ends; the last one the next morning. */
function orderExportTime(month) {
  return month.last === LAST_DAY
    ? (LAST_DAY + 1) * DAY + 9 * HOUR + 12 * MINUTE + 37
    : (month.last + 3) * DAY + 10 * HOUR + month.m * 7 * MINUTE + 11;
}

/** A line's state as an export taken at `exportAt` shows it. */
function lineState(order, line, exportAt) {
  const none = {
    status: '已关闭',
    cancel: order.cancelReason,
    afterSale: '-',
    shipped: false,
    completeAt: null,
  };
  if (order.paidAt === null) return none;
  const shipped = order.shipAt <= exportAt;
  const normal = {
    status: !shipped
      ? '待发货'
      : line.completeAt !== null && line.completeAt <= exportAt
        ? '已完成'
        : '已发货',
    cancel: '-',
    afterSale: '-',
    shipped,
    completeAt: line.completeAt !== null && line.completeAt <= exportAt ? line.completeAt : null,
  };
  switch (line.fate) {
    case 'refund_before':
      if (line.refundAt <= exportAt)
        return {
          status: '已关闭',
          cancel: line.cancelReason,
          afterSale: '退款成功',
          shipped: false,
          completeAt: null,
        };
      return {
        ...normal,
        shipped: false,
        status: '待发货',
        afterSale: line.afterSaleAt <= exportAt ? '退款中' : '-',
      };
    case 'refund_after':
      if (line.refundAt <= exportAt)
        return line.closed
          ? { status: '已关闭', cancel: '-', afterSale: line.refundLabel, shipped: true, completeAt: null }
          : { ...normal, afterSale: line.refundLabel };
      if (line.afterSaleAt <= exportAt)
        return { ...normal, afterSale: line.closed ? '售后待处理' : '待退货' };
      return normal;
    case 'aftersale_closed':
    case 'exchange':
      if (line.resolvedAt <= exportAt)
        return { ...normal, afterSale: line.fate === 'exchange' ? '换货成功' : '售后关闭' };
      if (line.afterSaleAt <= exportAt) return { ...normal, afterSale: '售后待处理' };
      return normal;
    default:
      return normal;
  }
}

function orderRecord(order, line, exportAt) {
  const st = lineState(order, line, exportAt);
  const paid = order.paidAt !== null;
  const time = (t) => (t === null ? '-' : formatTime(t));
  const { sku } = line;
  const author = order.author;
  const d = line.discounts;
  const channelCell = line.placeholder ? PLACEHOLDER : order.channel;
  return {
    主订单编号: tabLead(order.id),
    子订单编号: tabLead(line.id),
    支付方式: paid ? order.payMethod : '-',
    选购商品: tabLead(sku.title),
    货号: sku.article === '-' ? '-' : tabLead(sku.article),
    商品ID: tabLead(sku.product.productId),
    商家编码: sku.code === null ? '-' : tabLead(sku.code),
    商品数量: String(line.qty),
    商品金额: yuan(sku.product.price), // a unit price, despite the name
    订单提交时间: time(order.submitAt),
    支付完成时间: time(order.paidAt),
    订单完成时间: time(st.completeAt),
    承诺发货时间: paid ? time(order.paidAt + 48 * HOUR) : '-',
    预约发货时间: '-',
    买家留言: cell(order.note),
    旗帜颜色: order.flag,
    商家备注: order.remark,
    APP渠道: order.app,
    订单状态: st.status,
    取消原因: st.cancel,
    售后状态: st.afterSale,
    订单类型: '普通订单',
    发货时间: st.shipped ? time(order.shipAt) : '-',
    车型: '-',
    是否是以旧换新: '否',
    换新额外补贴: '0.00',
    换新额外补贴发放状态: '-',
    订单应付金额: yuan(line.payable),
    运费: '0.00',
    优惠总金额: yuan(d.platform + d.merchant + d.influencer),
    平台优惠: yuan(d.platform),
    商家优惠: yuan(d.merchant),
    达人优惠: yuan(d.influencer),
    商家改价: '0.00',
    支付优惠: '0.00',
    手续费: '0.00',
    红包抵扣: '0.00',
    降价类优惠: '0.00',
    平台实际承担优惠金额: yuan(d.platform),
    商家实际承担优惠金额: yuan(d.merchant),
    达人实际承担优惠金额: yuan(d.influencer),
    收件人: order.buyer.name,
    收件人手机号: order.buyer.phone,
    省: order.buyer.area[0],
    市: order.buyer.area[1],
    区: order.buyer.area[2],
    街道: '-',
    详细地址: order.buyer.address,
    是否修改过地址: order.addressChanged ? '是' : '否',
    快递信息: st.shipped ? `${order.courier[0]}:${order.tracking}` : '-',
    序列号: '-',
    达人ID: author ? tabLead(author.id) : '-',
    达人昵称: author ? author.nickname : '-',
    拼团订单团编号: '-',
    商品单价是否含税: '-',
    税费: '0.00',
    鲁班落地页ID: '-',
    所属门店ID: '-',
    流量来源: author ? '精选联盟' : '小店自卖',
    仓库ID: '-',
    仓库名称: '-',
    是否安心购: order.anxin ? '是' : '否',
    广告渠道: line.placeholder ? PLACEHOLDER : order.advertised ? order.channel : '-',
    流量类型: line.placeholder ? PLACEHOLDER : order.advertised ? '广告' : '非广告',
    流量体裁: channelCell,
    流量渠道: line.placeholder ? PLACEHOLDER : order.entrance,
    发货主体: '商家',
    发货主体明细: '-',
    教育优惠: '0.00',
    预计送达时间: '-',
    是否平台仓自流转: '否',
    是否是渠道商品: '否',
    预约送达时间: '-',
    '建议发货时间（起）': '-',
    '建议发货时间（止）': '-',
  };
}

/** UTF-8 with BOM and CRLF, newest orders first, as the backend writes them. */
function writeOrderExports(orders, out) {
  for (const month of months()) {
    const exportAt = orderExportTime(month);
    const inMonth = orders.filter((o) => monthKey(dayOf(o.paidAt ?? o.submitAt)) === month.key);
    inMonth.sort((a, b) => b.submitAt - a.submitAt || (a.id < b.id ? -1 : 1));
    const records = [];
    for (const order of inMonth)
      for (const line of order.lines) records.push(orderRecord(order, line, exportAt));
    const text = '\ufeff' + csvLines(ORDER_HEADER, records).join('\r\n') + '\r\n';
    out.write(`orders/${unixOf(exportAt)}_订单导出_${month.key}.csv`, text, records.length);
  }
}

// ---------------------------------------------------------------------------------------------------
// 精选联盟 commission export, one per quarter, GB18030, LF, ids with a trailing tab.
// ---------------------------------------------------------------------------------------------------

const COMMISSION_HEADER =
  '订单id,商品id,商品名称,作者账号,抖音/火山号,支付金额,佣金率,预估佣金支出,结算金额,实际佣金支出,订单状态,超时未结算原因,付款时间,收货时间,订单结算时间,商品来源,尾款支付时间,定金金额,店铺id,店铺名称,商品数量,佣金发票,冻结比例,是否阶梯佣金,门槛销量,基础佣金率,升佣佣金率,预估奖励佣金支出,结算奖励佣金支出,阶梯计划ID,支付补贴,平台补贴,达人补贴,运费,税费,运费补贴,分销来源,营销活动id,推广费率,推广技术服务费,预估推广费支出,结算推广费支出,计划类型,订单来源,流量细分来源,流量来源,订单类型'.split(
    ',',
  );

const QUARTERS = [
  // Older quarters are exported for the quarterly review a month later: everything has settled.
  {
    key: '2025Q4',
    from: daysFromCivil(2025, 10, 1),
    to: daysFromCivil(2025, 12, 31),
    exportAt: at(2026, 2, 3, 15),
  },
  {
    key: '2026Q1',
    from: daysFromCivil(2026, 1, 1),
    to: daysFromCivil(2026, 3, 31),
    exportAt: at(2026, 5, 6, 15),
  },
  {
    key: '2026Q2',
    from: daysFromCivil(2026, 4, 1),
    to: daysFromCivil(2026, 6, 30),
    exportAt: at(2026, 8, 4, 15),
  },
  // The last one is taken with the year's last order export: its last two weeks are estimates only.
  { key: '2026Q3', from: daysFromCivil(2026, 7, 1), to: LAST_DAY, exportAt: at(2026, 10, 1, 9, 30) },
];

/** Settlement follows receipt by a week. */
const SETTLE_DELAY = 7 * DAY;
const TIER_PLAN_ID = '7434108862051237',
  TIER_FROM = daysFromCivil(2025, 11, 1),
  TIER_TO = daysFromCivil(2025, 11, 11);

function commissionRecord(order, line, exportAt) {
  const author = order.author;
  const base = line.payable;
  const tiered = author.tiered === true && dayOf(order.paidAt) >= TIER_FROM && dayOf(order.paidAt) <= TIER_TO;
  const estimate = applyRate(base, author.rate);
  const rewardEstimate = tiered ? applyRate(base, 500) : 0;
  const promoEstimate = author.promoFee ? applyRate(base, author.promoFee) : 0;
  const refunded = line.refundAt !== undefined && line.refundAt <= exportAt;
  const received = line.completeAt !== null && line.completeAt <= exportAt;
  const settled = !refunded && received && line.completeAt + SETTLE_DELAY <= exportAt;
  let status, settledBase, actual, reward, promo, settleTime;
  if (refunded) {
    [status, settledBase, actual, reward, promo] = ['订单退货退款', '0.00', '0.00', '0.00', '0.00'];
    settleTime = formatTime(line.refundAt + 2 * HOUR);
  } else if (settled) {
    status = '订单结算';
    [settledBase, actual, reward, promo] = [base, estimate, rewardEstimate, promoEstimate].map(yuan);
    settleTime = formatTime(line.completeAt + SETTLE_DELAY);
  } else {
    // Not settled yet: only the estimates are known.
    status = received ? '订单收货' : '订单付款';
    [settledBase, actual, reward, promo, settleTime] = ['-', '-', '-', '-', '-'];
  }
  return {
    订单id: tabTrail(line.id),
    商品id: tabTrail(line.sku.product.productId),
    商品名称: line.sku.product.name,
    作者账号: author.nickname,
    '抖音/火山号': author.handle,
    支付金额: yuan(base),
    佣金率: percent(author.rate),
    预估佣金支出: yuan(estimate),
    结算金额: settledBase,
    实际佣金支出: actual,
    订单状态: status,
    超时未结算原因: '-',
    付款时间: formatTime(order.paidAt),
    收货时间: received && !refunded ? formatTime(line.completeAt) : '-',
    订单结算时间: settleTime,
    商品来源: '店铺商品',
    尾款支付时间: '-',
    定金金额: '0.00',
    店铺id: tabTrail(SHOP.id),
    店铺名称: SHOP.name,
    商品数量: String(line.qty),
    佣金发票: '否',
    冻结比例: '0.00%',
    是否阶梯佣金: tiered ? '是' : '否',
    门槛销量: tiered ? '200' : '-',
    基础佣金率: percent(author.rate),
    升佣佣金率: tiered ? '5.00%' : '0.00%',
    预估奖励佣金支出: yuan(rewardEstimate),
    结算奖励佣金支出: reward,
    阶梯计划ID: tiered ? tabTrail(TIER_PLAN_ID) : '-',
    支付补贴: '0.00',
    平台补贴: yuan(line.discounts.platform),
    达人补贴: yuan(line.discounts.influencer),
    运费: '0.00',
    税费: '0.00',
    运费补贴: '0.00',
    分销来源: author.promoFee ? '团长推广' : '达人直接推广',
    营销活动id: author.promoFee ? tabTrail('3106672841') : '-',
    推广费率: percent(author.promoFee ?? 0),
    推广技术服务费: '0.00',
    预估推广费支出: yuan(promoEstimate),
    结算推广费支出: promo,
    计划类型: author.promoFee ? '定向计划' : '普通计划',
    订单来源: '抖音',
    流量细分来源: order.channel === '直播' ? '直播间' : '短视频',
    流量来源: order.channel === '直播' ? '直播' : '视频',
    订单类型: '普通订单',
  };
}

/**
 * Two commissions on orders that are in no order export (placed on a sub-account the merchant did not
 * export): they must come out as unmatched, never dropped.
 */
function strayCommissionOrders(rng, ids) {
  const make = (paidAt, productKey, author) => {
    const product = PRODUCTS.find((p) => p.key === productKey);
    const order = { id: ids.make('69', 19), author, channel: '直播', paidAt };
    const line = {
      id: order.id,
      sku: product.skus[0],
      qty: 1,
      payable: product.price,
      discounts: { platform: 0, merchant: 0, influencer: 0 },
      completeAt: paidAt + 5 * DAY,
    };
    order.lines = [line];
    return order;
  };
  return [
    make(at(2025, 11, 11, 20, 41, 7), 'HOOD', INFLUENCERS[3]),
    make(at(2026, 6, 18, 21, 3, rng.int(0, 59)), 'PANT', INFLUENCERS[0]),
  ];
}

function writeCommissionExports(orders, strays, out) {
  for (const q of QUARTERS) {
    const records = [];
    for (const order of [...orders, ...strays]) {
      if (!order.author || order.paidAt === null) continue;
      const day = dayOf(order.paidAt);
      if (day < q.from || day > q.to) continue;
      for (const line of order.lines)
        records.push({ t: order.paidAt, r: commissionRecord(order, line, q.exportAt) });
    }
    records.sort((a, b) => a.t - b.t);
    const rows = records.map((x) => x.r);
    const text = csvLines(COMMISSION_HEADER, rows).join('\n') + '\n';
    out.write(`commissions/联盟订单_${q.key}.csv`, encodeGb18030(text), rows.length);
  }
}

// ---------------------------------------------------------------------------------------------------
// 运费险 保费支出, one file per month of 动账时间. The merchant insures ~30% of orders; the premium is
// charged minutes after payment. The shop switched the insurance off over Spring Festival, so the
// February file is header-only.
// ---------------------------------------------------------------------------------------------------

const INSURANCE_HEADER = '保险单号,动账流水号,关联子订单号,摘要描述,动账时间,金额(元)'.split(',');
const INSURANCE_OFF_FROM = daysFromCivil(2026, 1, 31);
const INSURANCE_OFF_TO = daysFromCivil(2026, 2, 28);

/** 0.20–1.50 yuan, higher for dearer parcels. */
function premiumFor(rng, gmv) {
  return Math.min(150, Math.max(20, 20 + Math.floor((gmv * 5) / 1000) + rng.int(0, 25)));
}

function insuranceMovements(rng, ids, orders) {
  const moves = [];
  const add = (policy, target, time, amount) =>
    moves.push({ policy, flow: ids.make('5', 20), target, time, amount, returned: amount < 0 });
  for (const order of orders) {
    if (order.paidAt === null) continue;
    const day = dayOf(order.paidAt);
    if (day >= INSURANCE_OFF_FROM && day <= INSURANCE_OFF_TO) continue;
    if (!rng.chance(0.3)) continue;
    const chargedAt = order.paidAt + rng.int(1 * MINUTE, 8 * MINUTE);
    // Now and then one policy covers the whole multi-line order and names the 主订单编号.
    const perOrder = order.lines.length > 1 && rng.chance(0.03);
    const targets = perOrder
      ? [{ id: order.id, gmv: order.lines.reduce((s, l) => s + l.gmv, 0), lines: order.lines }]
      : order.lines.map((l) => ({ id: l.id, gmv: l.gmv, lines: [l] }));
    for (const target of targets) {
      const policy = ids.make('7', 20);
      const premium = premiumFor(rng, target.gmv);
      add(policy, target.id, chargedAt, premium);
      // A few premiums come back when the goods never left (the policy is cancelled).
      const cancelled = target.lines.every((l) => l.fate === 'refund_before');
      if (cancelled && rng.chance(0.06))
        add(policy, target.id, target.lines[0].refundAt + rng.int(1 * MINUTE, 10 * MINUTE), -premium);
    }
  }
  // Premiums on orders that are in no order export: they must surface as unmatched.
  add(ids.make('7', 20), ids.make('69', 19), at(2025, 12, 6, 14, 22, 31), 86);
  add(ids.make('7', 20), ids.make('69', 19), at(2026, 7, 19, 10, 5, 48), 45);
  // A premium charged after the year's end (an order paid in the last minutes of 2026-09-30) belongs to
  // an October file that the demo does not have.
  return moves.filter((m) => dayOf(m.time) <= LAST_DAY);
}

function writeInsuranceExports(moves, out) {
  for (const month of months()) {
    const rows = moves
      .filter((m) => monthKey(dayOf(m.time)) === month.key)
      .sort((a, b) => a.time - b.time || (a.flow < b.flow ? -1 : 1))
      .map((m) => ({
        保险单号: apostrophe(m.policy),
        动账流水号: apostrophe(m.flow),
        关联子订单号: apostrophe(m.target),
        摘要描述: m.returned ? '运费险保费退还' : '运费险保费',
        动账时间: formatTime(m.time),
        '金额(元)': yuan(m.amount),
      }));
    out.write(
      `insurance/保费支出_${month.key}.csv`,
      csvLines(INSURANCE_HEADER, rows).join('\r\n') + '\r\n',
      rows.length,
    );
  }
}

// ---------------------------------------------------------------------------------------------------
// 千川 ad spend. Each plan or promoted product spends every day, in proportion to the product's
// smoothed sales (a week around the day), with a floor: so a plan keeps spending on days its product
// sells nothing, which exercises the fallback rules of docs/rules.md.
// ---------------------------------------------------------------------------------------------------

/** 标准推广 plans: one product each; `ratio` is spend per yuan of the product's sales. */
const PLANS = [
  {
    id: '7421853690125478912',
    name: '卫衣-直播间成交',
    product: 'HOOD',
    type: '直播',
    ratio: 0.14,
    floor: 3000,
  },
  {
    id: '7421853690125479327',
    name: 'T恤-短视频种草',
    product: 'TEE',
    type: '短视频',
    ratio: 0.12,
    floor: 2000,
  },
  {
    id: '7422617034458310665',
    name: '阔腿裤-直播间成交',
    product: 'PANT',
    type: '直播',
    ratio: 0.13,
    floor: 2000,
  },
  {
    id: '7422617034458311208',
    name: '毛毯-短视频成交',
    product: 'BLKT',
    type: '短视频',
    ratio: 0.12,
    floor: 2000,
  },
  // Socks are the traffic driver of the live room: heavily pushed, they lose money.
  {
    id: '7423090471682219504',
    name: '棉袜-直播间引流',
    product: 'SOCK',
    type: '直播',
    ratio: 0.32,
    floor: 3000,
  },
  {
    id: '7425518839920147731',
    name: '抹布-短视频测品',
    product: 'RAG',
    type: '短视频',
    ratio: 0.25,
    floor: 1500,
  },
];
/** 全域推广 products: 整体消耗 per product and day. */
const UNI_PRODUCTS = [
  { product: 'TEE', ratio: 0.06, floor: 1500 },
  { product: 'TOWEL', ratio: 0.09, floor: 2000 },
  { product: 'HOOD', ratio: 0.06, floor: 1500 },
];

/** Paid GMV per product and day, from the true history. */
function productGmvByDay(orders) {
  const gmv = new Map(PRODUCTS.map((p) => [p.key, new Array(LAST_DAY - FIRST_DAY + 1).fill(0)]));
  for (const order of orders) {
    if (order.paidAt === null) continue;
    for (const line of order.lines)
      gmv.get(line.sku.product.key)[dayOf(order.paidAt) - FIRST_DAY] += line.gmv;
  }
  return gmv;
}

function smoothed(series, i) {
  let sum = 0,
    n = 0;
  for (let j = Math.max(0, i - 3); j <= Math.min(series.length - 1, i + 3); j++, n++) sum += series[j];
  return sum / n;
}

function dailySpend(rng, series, i, ratio, floor) {
  return Math.round(floor + ratio * smoothed(series, i) * (0.8 + 0.4 * rng.float()));
}

/** Over 1,000 yuan, 千川 groups thousands: the cell is quoted. */
const adMoney = (fen) => (fen >= 100000 ? `"${yuanGrouped(fen)}"` : yuan(fen));

const STANDARD_HEADER =
  '推广类型,账户名称,账户ID,计划ID,计划名称,商品ID,商品名称,抖音号ID,抖音号名称,日期,消耗(元),展示次数,点击率(%),点击次数,转化数,转化率(%),转化成本(元),7日总支付ROI,直接成交订单数,直接成交金额(元),直接支付ROI,直接下单订单数,直接下单金额(元),直接下单ROI,7日间接成交金额(元),播放数,3s播放数,播放完成数,广告类型,达人uid,成交智能优惠券金额,订单成交成本'.split(
    ',',
  );

/** One plan-day's figures; the platform's attributed GMV runs at roughly 3–4 × spend. */
function standardFigures(rng, plan, product, spend) {
  const impressions = Math.round((spend / 100 / (22 + 18 * rng.float())) * 1000);
  const clicks = Math.round(impressions * (0.012 + 0.022 * rng.float()));
  const gmv = Math.round((spend * (280 + rng.int(0, 140))) / 100);
  const orders = Math.max(0, Math.round(gmv / product.price / 1.15));
  const placed = orders + rng.int(0, Math.ceil(orders / 8));
  const video = plan.type === '短视频';
  const plays = video ? Math.round(impressions * (0.55 + 0.1 * rng.float())) : 0;
  return {
    spend,
    impressions,
    clicks,
    conversions: orders,
    orders,
    gmv,
    placed,
    placedGmv: Math.round(gmv * (1.05 + 0.1 * rng.float())),
    indirect: Math.round(gmv * (0.1 + 0.2 * rng.float())),
    plays,
    plays3s: Math.round(plays * 0.38),
    playsDone: Math.round(plays * 0.07),
    coupon: Math.round(gmv * 0.015 * rng.float()),
  };
}

const STANDARD_SUMS = [
  'spend',
  'impressions',
  'clicks',
  'conversions',
  'orders',
  'gmv',
  'placed',
  'placedGmv',
  'indirect',
  'plays',
  'plays3s',
  'playsDone',
  'coupon',
];

function standardCells(f) {
  return {
    '消耗(元)': adMoney(f.spend),
    展示次数: String(f.impressions),
    '点击率(%)': ratio2(f.clicks, f.impressions, 100),
    点击次数: String(f.clicks),
    转化数: String(f.conversions),
    '转化率(%)': ratio2(f.conversions, f.clicks, 100),
    '转化成本(元)': adMoney(f.conversions ? divRound(f.spend, f.conversions) : 0),
    '7日总支付ROI': ratio2(f.gmv + f.indirect, f.spend),
    直接成交订单数: String(f.orders),
    '直接成交金额(元)': adMoney(f.gmv),
    直接支付ROI: ratio2(f.gmv, f.spend),
    直接下单订单数: String(f.placed),
    '直接下单金额(元)': adMoney(f.placedGmv),
    直接下单ROI: ratio2(f.placedGmv, f.spend),
    '7日间接成交金额(元)': adMoney(f.indirect),
    播放数: String(f.plays),
    '3s播放数': String(f.plays3s),
    播放完成数: String(f.playsDone),
    成交智能优惠券金额: adMoney(f.coupon),
    订单成交成本: adMoney(f.orders ? divRound(f.spend, f.orders) : 0),
  };
}

function writeStandardAds(rng, gmvByProduct, out, totals) {
  for (const month of months()) {
    const records = [];
    const sum = Object.fromEntries(STANDARD_SUMS.map((k) => [k, 0]));
    for (let day = month.first; day <= month.last; day++) {
      for (const plan of PLANS) {
        const product = PRODUCTS.find((p) => p.key === plan.product);
        const spend = dailySpend(
          rng,
          gmvByProduct.get(plan.product),
          day - FIRST_DAY,
          plan.ratio,
          plan.floor,
        );
        const f = standardFigures(rng, plan, product, spend);
        for (const k of STANDARD_SUMS) sum[k] += f[k];
        totals.push({ day, product: plan.product, spend, plan: plan.id, type: plan.type });
        records.push({
          推广类型: '标准推广',
          账户名称: ACCOUNT.name,
          账户ID: ACCOUNT.id,
          计划ID: plan.id,
          计划名称: plan.name,
          商品ID: product.productId,
          商品名称: product.name,
          抖音号ID: DOUYIN_ACCOUNT.id,
          抖音号名称: DOUYIN_ACCOUNT.name,
          日期: formatDay(day),
          ...standardCells(f),
          广告类型: plan.type,
          达人uid: DOUYIN_ACCOUNT.id,
        });
      }
    }
    // The export closes with a 合计 row: a sum, never to be added again.
    const blank = Object.fromEntries(STANDARD_HEADER.map((h) => [h, '']));
    records.push({ ...blank, 推广类型: '合计', ...standardCells(sum) });
    const text = '\ufeff' + csvLines(STANDARD_HEADER, records).join('\r\n') + '\r\n';
    out.write(`ads/标准推广_${month.key}.csv`, text, records.length);
  }
}

const UNI_HEADER =
  '商品ID,商品名称,日期,整体展示次数,整体点击次数,整体点击率,整体转化率,整体消耗,整体成交订单数,整体成交金额,整体支付ROI,整体成交订单成本,整体成交智能优惠券金额,整体未完结预售订单预估金额,账号ID,账号名称,数据页面链接,更新时间'.split(
    ',',
  );

function writeUniAds(rng, gmvByProduct, out, totals) {
  for (const month of months()) {
    const records = [];
    const sum = { impressions: 0, clicks: 0, spend: 0, orders: 0, gmv: 0, coupon: 0 };
    for (let day = month.first; day <= month.last; day++) {
      for (const uni of UNI_PRODUCTS) {
        const product = PRODUCTS.find((p) => p.key === uni.product);
        const spend = dailySpend(rng, gmvByProduct.get(uni.product), day - FIRST_DAY, uni.ratio, uni.floor);
        const impressions = Math.round((spend / 100 / (18 + 14 * rng.float())) * 1000);
        const clicks = Math.round(impressions * (0.015 + 0.02 * rng.float()));
        const gmv = Math.round((spend * (250 + rng.int(0, 130))) / 100);
        const orders = Math.max(1, Math.round(gmv / product.price / 1.2));
        const coupon = Math.round(gmv * 0.02 * rng.float());
        for (const [k, v] of Object.entries({ impressions, clicks, spend, orders, gmv, coupon })) sum[k] += v;
        totals.push({ day, product: uni.product, spend, plan: null, type: null });
        const date = formatDay(day);
        records.push({
          商品ID: product.productId,
          商品名称: product.name,
          日期: date,
          整体展示次数: String(impressions),
          整体点击次数: String(clicks),
          整体点击率: `${ratio2(clicks, impressions, 100)}%`,
          整体转化率: `${ratio2(orders, clicks, 100)}%`,
          整体消耗: yuan(spend),
          整体成交订单数: String(orders),
          整体成交金额: yuan(gmv),
          整体支付ROI: ratio2(gmv, spend),
          整体成交订单成本: yuan(divRound(spend, orders)),
          整体成交智能优惠券金额: yuan(coupon),
          整体未完结预售订单预估金额: '0.00',
          账号ID: ACCOUNT.id,
          账号名称: ACCOUNT.name,
          数据页面链接: `https://qianchuan.jinritemai.com/uni-promote?aavid=${ACCOUNT.id}&pid=${product.productId}`,
          更新时间: formatTime((day + 1) * DAY + 6 * HOUR + 30 * MINUTE),
        });
      }
    }
    // 全域 exports open with a 总计 row: sums only.
    const blank = Object.fromEntries(UNI_HEADER.map((h) => [h, '']));
    records.unshift({
      ...blank,
      商品ID: '总计',
      整体展示次数: String(sum.impressions),
      整体点击次数: String(sum.clicks),
      整体消耗: yuan(sum.spend),
      整体成交订单数: String(sum.orders),
      整体成交金额: yuan(sum.gmv),
      整体成交智能优惠券金额: yuan(sum.coupon),
      整体未完结预售订单预估金额: '0.00',
    });
    out.write(
      `ads/全域推广_${month.key}.csv`,
      csvLines(UNI_HEADER, records).join('\n') + '\n',
      records.length,
    );
  }
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

function writeCostSheet(out) {
  const rows = [];
  for (const p of PRODUCTS)
    for (const s of p.skus)
      for (const [from, cost] of s.cost)
        rows.push([s.code ?? p.productId, yuan(cost), from, s.title].map(cell));
  out.write(
    'costs/cost-sheet.csv',
    ['sku,unit_cost,valid_from,name', ...rows.map((r) => r.join(','))].join('\n') + '\n',
    rows.length,
  );
}

/**
 * Monthly overheads in fen: two operators and a part-time live host (a Double 11 bonus in November,
 * the year-end bonus before Spring Festival), content production (more before the big sales), the
 * studio's rent, ERP and customer-service software.
 */
function fixedCosts(month) {
  const salaries = month.m === 11 ? 1800000 : month.m === 2 ? 1700000 : 1500000;
  const content = [6, 10, 11, 12].includes(month.m) ? 650000 : 450000;
  return [
    ['content', content],
    ['salaries', salaries],
    ['rent', 280000],
    ['software', 38000],
  ];
}

function writeFixedCosts(out) {
  const rows = [];
  for (const month of months())
    for (const [category, amount] of fixedCosts(month)) rows.push(`${month.key},${category},${yuan(amount)}`);
  out.write('costs/fixed-costs.csv', ['month,category,amount', ...rows].join('\n') + '\n', rows.length);
}

function writeReadme(out, stats) {
  const table = out.files.map((f) => `| \`${f.path}\` | ${f.rows} |`).join('\n');
  const text = `# Demo shop: 岚溪生活旗舰店 (synthetic)

A year (2025-10-01 to 2026-09-30, Asia/Shanghai) of a small Douyin shop selling basic apparel and
home textiles: T-shirts (two SKUs under one 商品ID), hoodies, wide-leg trousers, socks, towels,
blankets and a bamboo cleaning cloth that has no 商家编码 (its SKU key is its 商品ID). About 40 paid
orders on an ordinary day, a Double 11 peak, a Spring Festival dip (couriers stop 2026-02-12 to
2026-02-22), four channels (直播, 短视频, 商品卡, 其他) and five influencers selling through 精选联盟.
Big GMV, thin profit: ads, commissions and overheads eat most of it; the socks and February lose money.

**All data is synthetic**, written by \`scripts/gen-demo.mjs\` (\`npm run demo:generate\`) from a fixed
seed; running it again rewrites this folder byte for byte. Ids, names and buyers are made up; buyer
fields are masked the way 抖店 masks them. Do not edit these files by hand: change the generator.

## Files

| path | what it is |
| --- | --- |
| \`roi-ledger.json\` | settings: platform fee rate, parcel and packaging cost, return write-off rate |
| \`orders/<unix>_订单导出_<month>.csv\` | 抖店 订单导出, 75-column layout (variant B), one row per 子订单; UTF-8 with BOM, CRLF; ids and 选购商品 as \`"\\t…"\`; the prefix is the export time (unix seconds), a few days after the month ends (the last one the next morning) |
| \`commissions/联盟订单_<quarter>.csv\` | 精选联盟 commission export, 47 columns, GB18030, LF, ids with a trailing tab; the last two weeks are estimates only (实际佣金支出 \`-\`) |
| \`insurance/保费支出_<month>.csv\` | 运费险 premiums, one row per policy movement, UTF-8, ids with a leading \`'\` |
| \`ads/标准推广_<month>.csv\` | 千川 标准推广, per plan, product and day, UTF-8 with BOM, amounts over 1,000 with thousands separators, a closing \`合计\` row |
| \`ads/全域推广_<month>.csv\` | 千川 全域推广 by product and day, UTF-8, an opening \`总计\` row |
| \`costs/cost-sheet.csv\` | unit cost per SKU key (\`sku,unit_cost,valid_from,name\`); LX-BLKT-01 changes cost on 2026-04-01 |
| \`costs/fixed-costs.csv\` | monthly content, salaries, rent, software (\`month,category,amount\`) |

## What it exercises on purpose

- multi-line orders (子订单编号 ≠ 主订单编号), quantities 1–3, merchant-, platform- and influencer-funded discounts;
- unpaid lines (支付完成时间 \`-\`, 订单状态 已关闭 with a 取消原因);
- refunds before shipment (退款成功, 发货时间 \`-\`) and after it (退款成功 / 已全额退款), and after-sales
  that are not refunds (售后关闭, 换货成功, and open ones at the end of a month: 待退货, 售后待处理, 退款中);
- lines still 待发货 / 已发货 in each month's export, and on the last day a few lines whose 流量体裁 is \`数据将于第二天更新\`;
- commissions settled (including \`0.00\` on refunded lines), estimated only, with tiered rewards (胖虎爱分享, Double 11)
  and a 团长 promotion fee (阿May的衣橱), plus 2 rows whose 订单id is in no order export;
- premiums on lines, a few on a multi-line order's 主订单编号 (to be split), a few returned (negative),
  2 on orders in no export, and a header-only February (insurance switched off over Spring Festival);
- ad spend every day for every plan, including days when the promoted product sold nothing
  (T-shirt days fall back to \`(unattributed)\`: the product has two SKUs), and summary rows to skip.

## Generated figures (from the generator, not from roi-ledger)

| figure | value |
| --- | --- |
| paid orders | ${stats.paidOrders} |
| paid lines | ${stats.paidLines} (unpaid lines: ${stats.unpaidLines}) |
| GMV | ${yuanGrouped(stats.gmv)} |
| ad spend (标准推广 + 全域推广) | ${yuanGrouped(stats.adSpend)} |

## Rows per file (data rows, summary rows included)

| path | rows |
| --- | ---: |
${table}
`;
  out.write('README.md', text, null);
}

// ---------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------

/** Collects the written files so the README can list them. */
class Output {
  constructor(root) {
    this.root = root;
    this.files = [];
  }
  write(path, content, rows) {
    const full = join(this.root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    if (rows !== null) this.files.push({ path, rows });
  }
}

function main() {
  rmSync(OUT, { recursive: true, force: true });
  const out = new Output(OUT);
  const ids = new IdMint(new Random(SEED + 1));
  const orders = generateOrders(new Random(SEED), ids);
  const strays = strayCommissionOrders(new Random(SEED + 2), ids);
  const moves = insuranceMovements(new Random(SEED + 3), ids, orders);
  const gmvByProduct = productGmvByDay(orders);

  out.write('roi-ledger.json', JSON.stringify(SETTINGS, null, 2) + '\n', null);
  writeOrderExports(orders, out);
  writeCommissionExports(orders, strays, out);
  writeInsuranceExports(moves, out);
  const ads = [];
  writeStandardAds(new Random(SEED + 4), gmvByProduct, out, ads);
  writeUniAds(new Random(SEED + 5), gmvByProduct, out, ads);
  writeCostSheet(out);
  writeFixedCosts(out);

  const paid = orders.filter((o) => o.paidAt !== null);
  const stats = {
    paidOrders: paid.length,
    paidLines: paid.reduce((n, o) => n + o.lines.length, 0),
    unpaidLines: orders.filter((o) => o.paidAt === null).reduce((n, o) => n + o.lines.length, 0),
    gmv: paid.reduce((s, o) => s + o.lines.reduce((t, l) => t + l.gmv, 0), 0),
    adSpend: ads.reduce((s, a) => s + a.spend, 0),
  };
  writeReadme(out, stats);
  process.stdout.write(
    `wrote ${out.files.length} data files to ${OUT}\n` +
      `paid orders ${stats.paidOrders}, paid lines ${stats.paidLines}, unpaid lines ${stats.unpaidLines}\n` +
      `GMV ${yuanGrouped(stats.gmv)}, ad spend ${yuanGrouped(stats.adSpend)}\n`,
  );
}

main();
