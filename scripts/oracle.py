#!/usr/bin/env python3
"""Independent oracle for roi-ledger's report figures.

Usage: python3 scripts/oracle.py FOLDER [--from YYYY-MM-DD --to YYYY-MM-DD]

Reads a folder of Douyin exports (抖店 订单导出, 精选联盟, 运费险 保费支出, 千川 标准推广 / 全域推广)
plus the merchant's cost-sheet.csv, fixed-costs.csv and roi-ledger.json, applies the booking rules of
issue 2 and docs/rules.md, and writes FOLDER/expected.json shaped like `roi-ledger report --format json`
(period, totals, tables by channel, sku and author; fixed costs allocated).

Written from the rules alone, with Python's standard library only: it shares no code with the CLI.
Money is integer fen; rates and ratios use fractions.Fraction, rounded half away from zero once.
The period defaults to the calendar month named by the folder (month-YYYY-MM).
"""

from __future__ import annotations

import calendar
import csv
import io
import json
import os
import re
import sys
from collections import defaultdict
from datetime import date, timedelta
from fractions import Fraction

UNKNOWN = '(unknown)'
UNATTRIBUTED = '(unattributed)'
NONE = '(none)'

REFUND_AFTERSALE = {'退款成功', '已全额退款'}
NOT_REFUND_AFTERSALE = {'', '-', '售后关闭', '售后已拒绝', '换货成功', '补寄成功', '待收退货', '待退货',
                        '售后待处理', '退款中', '售后处理中'}
CHANNEL_PLACEHOLDERS = {'', '-', '数据将于第二天更新'}
SUMMARY_WORDS = {'合计', '总计'}

MONEY_FIGURES = ['gmv', 'refunds', 'net_gmv', 'platform_fees', 'commissions', 'cogs', 'shipping', 'insurance',
                 'contribution', 'ad_spend', 'fixed_costs', 'net_profit']
BOOKED = ['gmv', 'refunds', 'platform_fees', 'commissions', 'cogs', 'shipping', 'insurance', 'ad_spend']

warnings: list[str] = []
counts: dict[str, int] = defaultdict(int)


# ---------------------------------------------------------------- reading

def decode(raw: bytes) -> str:
    if raw.startswith(b'\xef\xbb\xbf'):
        return raw[3:].decode('utf-8')
    if raw.startswith(b'\xff\xfe') or raw.startswith(b'\xfe\xff'):
        return raw.decode('utf-16')
    try:
        return raw.decode('utf-8')
    except UnicodeDecodeError:
        return raw.decode('gb18030')


def read_table(path: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header names and rows as {header: raw cell}, with the row's 1-based record number."""
    with open(path, 'rb') as f:
        text = decode(f.read())
    records = list(csv.reader(io.StringIO(text, newline='')))
    header = [h.strip() for h in records[0]]
    rows = []
    for n, rec in enumerate(records[1:], start=2):
        if not any(c.strip() for c in rec):
            continue
        if len(rec) != len(header):
            raise SystemExit(f'{path}:{n}: {len(rec)} cells, header has {len(header)}')
        rows.append((n, dict(zip(header, rec))))
    return header, rows


def text(cell: str | None) -> str:
    """A text cell without its Excel guards: tabs, a leading ' or backtick, surrounding blanks."""
    if cell is None:
        return ''
    s = cell.strip().strip('\t').strip()
    while s[:1] in ("'", '`', '｀') and s:
        s = s[1:]
    return s.strip()


def absent(cell: str | None) -> bool:
    return text(cell) in ('', '-')


MONEY_RE = re.compile(r'^(-?)(\d+)(?:\.(\d{1,2}))?$')


def fen(cell: str | None, *, required: bool = False, where: str = '') -> int:
    """Yuan text → integer fen; `-`/empty → 0 (or an error when required)."""
    s = text(cell)
    for junk in (',', '¥', '￥', '元', ' '):
        s = s.replace(junk, '')
    if s in ('', '-'):
        if required:
            raise SystemExit(f'{where}: missing amount')
        return 0
    m = MONEY_RE.match(s)
    if not m:
        raise SystemExit(f'{where}: bad amount {cell!r}')
    v = int(m.group(2)) * 100 + int((m.group(3) or '').ljust(2, '0'))
    return -v if m.group(1) else v


def is_number(cell: str | None) -> bool:
    s = text(cell).replace(',', '')
    return bool(MONEY_RE.match(s))


def day_of(cell: str, where: str) -> str:
    s = text(cell)
    if not re.match(r'^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$', s):
        raise SystemExit(f'{where}: bad date {cell!r}')
    return s[:10]


def rate(s: str) -> Fraction:
    return Fraction(s)


def round_half_up(x: Fraction) -> int:
    """Round to an integer, half away from zero."""
    sign = -1 if x < 0 else 1
    a = abs(x)
    n = a.numerator * 2 + a.denominator
    return sign * (n // (2 * a.denominator))


def largest_remainder(total: int, parts: list[tuple[object, int, object]]) -> dict:
    """Split integer `total` over parts (id, weight, tie_key) by weight. Ties: larger weight, smaller key."""
    W = sum(w for _, w, _ in parts)
    assert W > 0, 'all weights zero'
    sign = -1 if total < 0 else 1
    T = abs(total)
    out = {}
    rems = []
    for pid, w, key in parts:
        out[pid] = (T * w) // W
        rems.append(((T * w) % W, w, key, pid))
    left = T - sum(out.values())
    rems.sort(key=lambda r: (-r[0], -r[1], r[2]))
    for i in range(left):
        out[rems[i][3]] += 1
    # flag a leftover fen decided only by the key (so the lead can see it is harmless)
    if 0 < left < len(rems):
        a, b = rems[left - 1], rems[left]
        if a[0] == b[0] and a[1] == b[1]:
            counts['ties_decided_by_key'] += 1
    return {k: sign * v for k, v in out.items()}


# ---------------------------------------------------------------- kinds

def kind_of(header: list[str]) -> str | None:
    h = set(header)
    if {'主订单编号', '子订单编号', '支付完成时间', '订单应付金额'} <= h:
        return 'orders'
    if {'订单id', '预估佣金支出', '实际佣金支出'} <= h:
        return 'alliance'
    if {'保险单号', '关联子订单号', '动账时间', '金额(元)'} <= h:
        return 'insurance'
    if {'日期', '消耗(元)'} <= h:
        return 'ads_standard'
    if {'日期', '整体消耗'} <= h:
        return 'ads_uni'
    if {'sku', 'unit_cost'} <= h:
        return 'cost_sheet'
    if {'month', 'category', 'amount'} <= h:
        return 'fixed_costs'
    return None


# ---------------------------------------------------------------- main

def main(argv: list[str]) -> None:
    folder = argv[1]
    period_from = period_to = None
    if '--from' in argv:
        period_from = argv[argv.index('--from') + 1]
        period_to = argv[argv.index('--to') + 1]
    else:
        m = re.search(r'month-(\d{4})-(\d{2})', os.path.abspath(folder))
        y, mo = int(m.group(1)), int(m.group(2))
        period_from = f'{y:04d}-{mo:02d}-01'
        period_to = f'{y:04d}-{mo:02d}-{calendar.monthrange(y, mo)[1]:02d}'

    def in_period(d: str) -> bool:
        return period_from <= d <= period_to

    with open(os.path.join(folder, 'roi-ledger.json'), encoding='utf-8') as f:
        settings = json.load(f)
    fee_rate = rate(settings['platform_fee_rate'])
    parcel = fen(settings['shipping_per_parcel'], required=True) + fen(settings['packaging_per_parcel'], required=True)
    writeoff = rate(settings.get('return_writeoff_rate', '0'))

    files = defaultdict(list)
    for name in sorted(os.listdir(folder)):
        if not name.endswith('.csv'):
            continue
        path = os.path.join(folder, name)
        header, rows = read_table(path)
        k = kind_of(header)
        if k is None:
            raise SystemExit(f'{path}: unrecognised header')
        files[k].append((path, rows))

    # ---- order lines
    lines = []  # every paid line read (any date)
    for path, rows in files['orders']:
        for n, r in rows:
            where = f'{os.path.basename(path)}:{n}'
            if absent(r['支付完成时间']):
                counts['unpaid_lines_skipped'] += 1
                continue
            after = text(r.get('售后状态'))
            status = text(r.get('订单状态'))
            if after in REFUND_AFTERSALE or status == '已关闭':
                refunded = True
            else:
                refunded = False
                if after not in NOT_REFUND_AFTERSALE:
                    warnings.append(f'{where}: W_AFTERSALE {after!r}')
            code, pid = text(r.get('商家编码')), text(r.get('商品ID'))
            ch = text(r.get('流量体裁'))
            aid, anick = text(r.get('达人ID')), text(r.get('达人昵称'))
            aid = '' if aid == '-' else aid
            anick = '' if anick == '-' else anick
            if aid and anick:
                author = f'{anick} ({aid})'
            else:
                author = aid or anick or NONE
            gmv = (fen(r['订单应付金额'], required=True, where=where) + fen(r.get('平台实际承担优惠金额'))
                   + fen(r.get('达人实际承担优惠金额')))
            lines.append(dict(
                where=where, oid=text(r['主订单编号']), lid=text(r['子订单编号']),
                date=day_of(r['支付完成时间'], where), pid=pid,
                sku=code if code not in ('', '-') else pid, name=text(r.get('选购商品')),
                channel=UNKNOWN if ch in CHANNEL_PLACEHOLDERS else ch, author=author,
                qty=int(text(r['商品数量'])), gmv=gmv, refunded=refunded,
                before_ship=refunded and absent(r.get('发货时间')),
            ))
    by_lid = {l['lid']: l for l in lines}
    assert len(by_lid) == len(lines), 'duplicate 子订单编号'
    by_oid = defaultdict(list)
    for l in lines:
        by_oid[l['oid']].append(l)
    skus_of_product = defaultdict(set)
    for l in lines:
        skus_of_product[l['pid']].add(l['sku'])
    name_of_sku = {}
    for l in lines:
        name_of_sku.setdefault(l['sku'], l['name'])

    # every booked amount: (date, cell, figure, fen); cell = (sku, channel, author) or None = (unattributed)
    book: list[tuple[str, tuple | None, str, int]] = []

    def cell(l):
        return (l['sku'], l['channel'], l['author'])

    for l in lines:
        l['refund'] = l['gmv'] if l['refunded'] else 0
        l['net'] = l['gmv'] - l['refund']
        l['fee'] = round_half_up(fee_rate * l['net'])
        l['commission'] = 0
        l['insurance'] = 0
        l['shipping'] = 0

    # ---- costs
    cost_rows = defaultdict(list)
    for path, rows in files['cost_sheet']:
        for n, r in rows:
            vf = text(r.get('valid_from'))
            cost_rows[text(r['sku'])].append(('' if vf in ('', '-') else vf, fen(r['unit_cost'], required=True)))

    def unit_cost(l):
        for key in (l['sku'], l['pid']):  # 商家编码 before 商品ID
            rows = [c for c in cost_rows.get(key, []) if c[0] <= l['date']]
            if rows:
                return max(rows)[1]
        raise SystemExit(f"E_COST: no cost for sku {l['sku']} on {l['date']} ({l['where']})")

    for l in lines:
        if not l['refunded']:
            l['cogs'] = unit_cost(l) * l['qty']
        elif l['before_ship']:
            l['cogs'] = 0
        else:
            l['cogs'] = round_half_up(unit_cost(l) * l['qty'] * writeoff)

    # ---- shipping: one parcel per paid order with a line not refunded before shipment
    for oid, ls in by_oid.items():
        shipped = [l for l in ls if not l['before_ship']]
        if not shipped:
            continue
        split = largest_remainder(parcel, [(l['lid'], l['qty'], l['lid']) for l in shipped])
        for l in shipped:
            l['shipping'] += split[l['lid']]

    # ---- commissions (精选联盟)
    for path, rows in files['alliance']:
        for n, r in rows:
            lid = text(r['订单id'])
            amount = fen(r['实际佣金支出']) if is_number(r['实际佣金支出']) else fen(r['预估佣金支出'])
            amount += fen(r['结算奖励佣金支出']) if is_number(r.get('结算奖励佣金支出')) else fen(r.get('预估奖励佣金支出'))
            amount += fen(r['结算推广费支出']) if is_number(r.get('结算推广费支出')) else fen(r.get('预估推广费支出'))
            l = by_lid.get(lid)
            if l is None:
                counts['commissions_unmatched'] += 1
                book.append((day_of(r['付款时间'], path), None, 'commissions', amount))
            elif l['refunded']:
                counts['commissions_on_refunded_lines_reversed'] += 1
            else:
                l['commission'] += amount

    # ---- insurance premiums (运费险 保费支出)
    for path, rows in files['insurance']:
        for n, r in rows:
            ref = text(r['关联子订单号'])
            amount = fen(r['金额(元)'], required=True)
            if ref in by_lid:
                by_lid[ref]['insurance'] += amount
            elif ref in by_oid:
                ls = by_oid[ref]
                split = largest_remainder(amount, [(l['lid'], l['gmv'], l['lid']) for l in ls])
                for l in ls:
                    l['insurance'] += split[l['lid']]
                counts['premiums_split_over_order'] += 1
            else:
                counts['premiums_unmatched'] += 1
                book.append((day_of(r['动账时间'], path), None, 'insurance', amount))

    for l in lines:
        for fig, key in (('gmv', 'gmv'), ('refunds', 'refund'), ('platform_fees', 'fee'),
                         ('commissions', 'commission'), ('cogs', 'cogs'), ('shipping', 'shipping'),
                         ('insurance', 'insurance')):
            book.append((l['date'], cell(l), fig, l[key]))

    # ---- ad spend (千川)
    ad_rows = []
    for path, rows in files['ads_standard']:
        for n, r in rows:
            if any(text(v) in SUMMARY_WORDS for v in r.values()):
                counts['summary_rows_skipped'] += 1
                continue
            kind = text(r.get('广告类型'))
            ad_rows.append(dict(date=day_of(r['日期'], path), pid=text(r.get('商品ID')),
                                channel=kind if kind in ('直播', '短视频') else None,
                                spend=fen(r['消耗(元)'], required=True)))
    for path, rows in files['ads_uni']:
        for n, r in rows:
            if any(text(v) in SUMMARY_WORDS for v in r.values()):
                counts['summary_rows_skipped'] += 1
                continue
            ad_rows.append(dict(date=day_of(r['日期'], path), pid=text(r.get('商品ID')), channel=None,
                                spend=fen(r['整体消耗'], required=True)))
    for a in ad_rows:
        if not in_period(a['date']):
            counts['ad_rows_outside_period'] += 1
            continue
        day_lines = [l for l in lines if l['date'] == a['date']]
        pid = '' if a['pid'] in ('', '-') else a['pid']
        if pid:
            prod = [l for l in day_lines if l['pid'] == pid]
            match = [l for l in prod if a['channel'] is None or l['channel'] == a['channel']]
            if not match:
                match = prod  # rule 2
                if match:
                    counts['ad_rule2_other_channel'] += 1
        else:
            match = [l for l in day_lines if a['channel'] is None or l['channel'] == a['channel']]
        if match:
            weights = defaultdict(int)
            for l in match:
                weights[cell(l)] += l['gmv']
            split = largest_remainder(a['spend'], [(c, w, c) for c, w in weights.items()])
            for c, v in split.items():
                book.append((a['date'], c, 'ad_spend', v))
        elif pid and len(skus_of_product.get(pid, ())) == 1:  # rule 3
            counts['ad_rule3_single_sku'] += 1
            book.append((a['date'], (next(iter(skus_of_product[pid])), UNKNOWN, UNKNOWN), 'ad_spend', a['spend']))
        else:  # rule 4
            counts['ad_unattributed_rows'] += 1
            book.append((a['date'], None, 'ad_spend', a['spend']))

    # ---- fixed costs: a month spread over its days, the period takes its days
    per_day = defaultdict(int)
    month_total = defaultdict(int)
    for path, rows in files['fixed_costs']:
        for n, r in rows:
            month_total[text(r['month'])] += fen(r['amount'], required=True)
    for month, total in month_total.items():
        y, mo = int(month[:4]), int(month[5:7])
        ndays = calendar.monthrange(y, mo)[1]
        base, extra = divmod(total, ndays)
        for i in range(ndays):
            per_day[date(y, mo, i + 1).isoformat()] += base + (1 if i < extra else 0)
    fixed_total = sum(v for d, v in per_day.items() if in_period(d))

    # ---- aggregate
    book = [b for b in book if in_period(b[0])]
    period_lines = [l for l in lines if in_period(l['date'])]

    def empty():
        return {f: 0 for f in BOOKED}

    totals = empty()
    for _, _, fig, v in book:
        totals[fig] += v
    totals['fixed_costs'] = fixed_total
    totals['orders'] = len({l['oid'] for l in period_lines})
    totals['units'] = sum(l['qty'] for l in period_lines)

    dims = {'channel': 1, 'sku': 0, 'author': 2}
    tables = []
    for by, idx in dims.items():
        rows = defaultdict(empty)
        for _, c, fig, v in book:
            key = UNATTRIBUTED if c is None else c[idx]
            rows[key][fig] += v
        for key, row in rows.items():
            ls = [l for l in period_lines if cell(l)[idx] == key]
            row['orders'] = len({l['oid'] for l in ls})
            row['units'] = sum(l['qty'] for l in ls)
            row['net_gmv'] = row['gmv'] - row['refunds']
        weights = [(k, max(r['net_gmv'], 0), k) for k, r in rows.items()]
        for r in rows.values():
            r['fixed_costs'] = 0
        if any(w for _, w, _ in weights):
            for k, v in largest_remainder(fixed_total, weights).items():
                rows[k]['fixed_costs'] = v
        elif fixed_total:
            rows[UNATTRIBUTED]['fixed_costs'] = fixed_total
        out = []
        for key, r in rows.items():
            fig = figures(r)
            entry = {'key': key}
            if by == 'sku':
                entry['name'] = name_of_sku.get(key) if key not in (UNKNOWN, UNATTRIBUTED) else None
            entry.update(fig)
            out.append((key, r['gmv'] - r['refunds'], entry))
        out.sort(key=lambda t: ({UNKNOWN: 1, UNATTRIBUTED: 2}.get(t[0], 0), -t[1], t[0]))
        tables.append({'by': by, 'rows': [e for _, _, e in out]})
        # every money figure of the rows sums to the totals row
        for f in MONEY_FIGURES:
            assert sum(money_fen(e[f]) for _, _, e in out) == money_fen(figures(totals)[f]), (by, f)
        assert sum(e['units'] for _, _, e in out) == totals['units'], by

    result = {'period': {'from': period_from, 'to': period_to}, 'totals': figures(totals), 'tables': tables}
    with open(os.path.join(folder, 'expected.json'), 'w', encoding='utf-8', newline='\n') as f:
        json.dump(result, f, ensure_ascii=False, indent=2)
        f.write('\n')
    for w in warnings:
        print(w, file=sys.stderr)
    for k in sorted(counts):
        print(f'{k}: {counts[k]}', file=sys.stderr)
    print(f"wrote {os.path.join(folder, 'expected.json')}", file=sys.stderr)


def yuan(v: int) -> str:
    sign = '-' if v < 0 else ''
    v = abs(v)
    return f'{sign}{v // 100}.{v % 100:02d}'


def money_fen(s: str) -> int:
    return fen(s, required=True)


def ratio(n: int, d: int) -> str | None:
    if d == 0:
        return None
    q = round_half_up(Fraction(n, d) * 10000)
    sign = '-' if q < 0 else ''
    q = abs(q)
    return f'{sign}{q // 10000}.{q % 10000:04d}'


def figures(r: dict) -> dict:
    gmv, refunds = r['gmv'], r['refunds']
    net = gmv - refunds
    contribution = net - r['platform_fees'] - r['commissions'] - r['cogs'] - r['shipping'] - r['insurance']
    net_profit = contribution - r['ad_spend'] - r['fixed_costs']
    ad = r['ad_spend']
    return {
        'orders': r['orders'], 'units': r['units'],
        'gmv': yuan(gmv), 'refunds': yuan(refunds), 'net_gmv': yuan(net),
        'platform_fees': yuan(r['platform_fees']), 'commissions': yuan(r['commissions']), 'cogs': yuan(r['cogs']),
        'shipping': yuan(r['shipping']), 'insurance': yuan(r['insurance']), 'contribution': yuan(contribution),
        'ad_spend': yuan(ad), 'fixed_costs': yuan(r['fixed_costs']), 'net_profit': yuan(net_profit),
        'roi': ratio(gmv, ad), 'net_roi': ratio(net, ad),
        'breakeven_roi': ratio(gmv, contribution) if contribution > 0 else None,
        'poas': ratio(contribution, ad), 'margin': ratio(net_profit, gmv), 'refund_rate': ratio(refunds, gmv),
    }


if __name__ == '__main__':
    main(sys.argv)
