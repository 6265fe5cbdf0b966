/**
 * The bad-input catalogue (fixtures/cases): every case's stdout, stderr and exit code are golden.
 * Each case runs in a temporary copy of its folder, with the shared settings and cost sheet added
 * when it has none of its own, so the goldens name files relative to the case.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { memoryIo } from '../src/cli/io.js';
import { expectGoldenIn } from './helpers/golden.js';
import { ROOT } from './helpers/cli.js';

const CASES = join(ROOT, 'fixtures/cases');
const SHARED = join(CASES, '_shared');
const GOLDEN_FILES = new Set([
  'about.md',
  'args.json',
  'expected.out',
  'expected.err',
  'expected.exit',
  'pending',
]);

const groups = readdirSync(CASES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
  .map((d) => d.name)
  .sort();

for (const group of groups) {
  describe(group, () => {
    const cases = readdirSync(join(CASES, group)).sort();
    for (const name of cases) {
      const dir = join(CASES, group, name);
      const about = existsSync(join(dir, 'about.md'))
        ? (readFileSync(join(dir, 'about.md'), 'utf8').split('\n')[0] ?? '')
        : '';
      const pending = existsSync(join(dir, 'pending'));
      (pending ? it.todo : it)(`${name}: ${about.replace(/^#\s*/, '')}`, async () => {
        const work = mkdtempSync(join(tmpdir(), `roi-case-${name}-`));
        try {
          cpSync(dir, work, {
            recursive: true,
            filter: (src) => !GOLDEN_FILES.has(src.slice(dir.length + 1)),
          });
          for (const shared of ['roi-ledger.json', 'cost-sheet.csv'])
            if (!existsSync(join(work, shared)) && !existsSync(join(dir, 'no-shared')))
              cpSync(join(SHARED, shared), join(work, shared));
          const args = existsSync(join(dir, 'args.json'))
            ? (JSON.parse(readFileSync(join(dir, 'args.json'), 'utf8')) as string[])
            : ['check', '.'];
          const io = memoryIo({}, work);
          const code = await main(args, io);
          expectGoldenIn(dir, 'expected.out', io.out);
          expectGoldenIn(dir, 'expected.err', io.err);
          expectGoldenIn(dir, 'expected.exit', `${code}\n`);
          expect(io.err).not.toMatch(/\n\s+at /); // never a stack trace
        } finally {
          rmSync(work, { recursive: true, force: true });
        }
      });
    }
  });
}
