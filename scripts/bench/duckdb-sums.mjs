#!/usr/bin/env node
/**
 * The peer in the benchmark: DuckDB (@duckdb/node-api, a devDependency) computes, from one 抖店 order
 * export, gmv and net_gmv per SKU and per channel with the rules of docs/rules.md, in integer fen.
 * Run as its own process by run.mjs, so that its time and peak RSS are measured apart from ours.
 *
 *   node scripts/bench/duckdb-sums.mjs ORDERS.csv THREADS
 *
 * Prints JSON: { threads, query_ms, lines, channel: {key: {gmv, net_gmv}}, sku: {…} }, money in yuan
 * strings with two decimals (as the report writes them), computed from BIGINT fen.
 *
 * Rules (docs/rules.md): paid lines only (支付完成时间 not empty and not '-'); gmv = 订单应付金额 +
 * 平台实际承担优惠金额 + 达人实际承担优惠金额 (an absent discount cell is 0); refunded when 售后状态 is
 * 退款成功 or 已全额退款, or 订单状态 is 已关闭; net_gmv = gmv − refunds (a refund is the whole line's
 * gmv); sku = 商家编码, else 商品ID, without the tab the export puts before them; channel = 流量体裁,
 * '(unknown)' when empty, '-' or a placeholder such as 数据将于第二天更新. Every cell is read as text
 * (all_varchar), so 19-digit ids never become numbers.
 */
import { DuckDBInstance } from '@duckdb/node-api';

const [file, threadArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node scripts/bench/duckdb-sums.mjs ORDERS.csv [THREADS]\n');
  process.exit(2);
}
const threads = Number(threadArg ?? 2);

const sql = `
WITH src AS (
  SELECT * FROM read_csv($file, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')
),
lines AS (
  SELECT
    CASE
      WHEN coalesce(trim(商家编码, chr(9) || ' '), '') NOT IN ('', '-') THEN trim(商家编码, chr(9) || ' ')
      ELSE trim(商品ID, chr(9) || ' ')
    END AS sku,
    CASE
      WHEN coalesce(trim(流量体裁), '') IN ('', '-') OR 流量体裁 LIKE '%数据%更新%' OR 流量体裁 LIKE '%待更新%'
        THEN '(unknown)'
      ELSE trim(流量体裁)
    END AS channel,
    CAST(ROUND(CAST(订单应付金额 AS DECIMAL(18, 2)) * 100) AS BIGINT)
      + coalesce(CAST(ROUND(TRY_CAST(平台实际承担优惠金额 AS DECIMAL(18, 2)) * 100) AS BIGINT), 0)
      + coalesce(CAST(ROUND(TRY_CAST(达人实际承担优惠金额 AS DECIMAL(18, 2)) * 100) AS BIGINT), 0) AS gmv,
    (coalesce(售后状态, '') IN ('退款成功', '已全额退款') OR coalesce(订单状态, '') = '已关闭') AS refunded
  FROM src
  WHERE coalesce(trim(支付完成时间), '') NOT IN ('', '-')
)
SELECT
  CASE WHEN GROUPING(sku) = 0 THEN 'sku' ELSE 'channel' END AS dim,
  coalesce(sku, channel) AS key,
  CAST(sum(gmv) AS BIGINT) AS gmv,
  CAST(sum(CASE WHEN refunded THEN 0 ELSE gmv END) AS BIGINT) AS net_gmv,
  count(*) AS lines
FROM lines
GROUP BY GROUPING SETS ((sku), (channel))
ORDER BY dim, key
`;

/** BIGINT fen → '1234.56'. */
function yuan(fen) {
  const neg = fen < 0n;
  const a = neg ? -fen : fen;
  return `${neg ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
}

const started = process.hrtime.bigint();
const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const connection = await instance.connect();
const reader = await connection.runAndReadAll(sql, { file });
const out = { threads, query_ms: 0, lines: 0, channel: {}, sku: {} };
for (const row of reader.getRowObjects()) {
  out[row.dim][row.key] = { gmv: yuan(row.gmv), net_gmv: yuan(row.net_gmv) };
  if (row.dim === 'sku') out.lines += Number(row.lines);
}
out.query_ms = Number(process.hrtime.bigint() - started) / 1e6;
connection.closeSync();
instance.closeSync();
process.stdout.write(JSON.stringify(out) + '\n');
