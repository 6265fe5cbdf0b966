/**
 * The bad-input catalogue (fixtures/cases): every case's stdout, stderr and exit code are golden.
 * Each case runs in a temporary copy of its folder, with the shared settings and cost sheet added
 * when it has none of its own, so the goldens name files relative to the case.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { memoryIo } from '../src/cli/io.js';
import { expectGoldenIn } from './helpers/golden.js';
import { CASES, stageCase } from './helpers/cases.js';

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
          const args = stageCase(dir, work);
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
