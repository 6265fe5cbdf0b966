/**
 * (e) Time-zone invariance: the built CLI prints the same JSON report whether TZ is UTC,
 * Asia/Shanghai or America/Los_Angeles (all dates are Asia/Shanghai whatever TZ says).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateBuild } from '../helpers/cli.js';
import { shopArb, shopFiles, writeFiles, type Shop } from './shop.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`timezone.test.ts fast-check seed ${seed} (replay with FC_SEED=${seed})`);
// Each run spawns the built CLI three times (one per zone, ~0.3 s of CPU each, most of it start-up):
// 12 runs, not 200, on shops paid around midnight in each zone; and a generous timeout for a loaded
// machine. The in-process properties run under TZ=America/Los_Angeles (vitest.config.ts) and check
// payment days too (conservation.test.ts).
const numRuns = 12;
const ZONES = ['UTC', 'Asia/Shanghai', 'America/Los_Angeles'] as const;

/**
 * Payment times where a zone leak would move a day: around midnight in Shanghai (16:00 UTC), in
 * UTC and in Los Angeles (07:00/08:00 UTC, with and without daylight saving).
 */
const edgyShopArb: fc.Arbitrary<Shop> = fc
  .tuple(
    shopArb,
    fc.array(fc.constantFrom('00:00:00', '07:30:00', '08:00:00', '15:59:59', '16:00:00', '23:59:59')),
  )
  .map(([shop, times]) => ({
    ...shop,
    orders: shop.orders.map((o, i) =>
      o.paidAt === null || times.length === 0 ? o : { ...o, paidAt: `${o.day} ${times[i % times.length]}` },
    ),
  }));

const run = promisify(execFile);
const tmp = mkdtempSync(join(tmpdir(), 'roi-ledger-tz-'));
// Another test file may rebuild dist/ at the same time: this one runs its own build.
const build = privateBuild('tz');
const BIN = build.bin;

beforeAll(() => build.make(), 120_000);

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  build.remove();
});

describe('time-zone invariance', () => {
  it('the JSON report is identical under TZ=UTC, Asia/Shanghai and America/Los_Angeles', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(edgyShopArb, async (shop) => {
        const dir = join(tmp, `run-${n++}`);
        writeFiles(dir, shopFiles(shop));
        const outs = await Promise.all(
          ZONES.map((TZ) =>
            run(
              process.execPath,
              [BIN, 'report', dir, '--by', 'channel,sku,author,plan,day,month', '--format', 'json'],
              { cwd: dir, env: { ...process.env, TZ }, maxBuffer: 1 << 26 },
            ),
          ),
        );
        const [first, ...rest] = outs.map((o) => o.stdout);
        expect(first).toContain('"schema": "roi-ledger/report@1"');
        for (const out of rest) expect(out).toBe(first);
        rmSync(dir, { recursive: true, force: true });
      }),
      { seed, numRuns },
    );
  }, 180_000);
});
