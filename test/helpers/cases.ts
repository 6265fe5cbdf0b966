/** The bad-input catalogue (fixtures/cases): where it is, and a case's inputs laid out for a run. */
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli.js';

export const CASES = join(ROOT, 'fixtures/cases');
const SHARED = join(CASES, '_shared');

/** A case's own files that are not inputs: what it is about, how it runs, what it prints. */
export const GOLDEN_FILES = new Set([
  'about.md',
  'args.json',
  'expected.out',
  'expected.err',
  'expected.exit',
  'pending',
]);

/**
 * Copies case `dir`'s inputs into `work`, with the shared settings and cost sheet added when it has
 * none of its own (and no `no-shared` file); returns the arguments it runs with (`check .` by default).
 */
export function stageCase(dir: string, work: string): string[] {
  cpSync(dir, work, {
    recursive: true,
    filter: (src) => !GOLDEN_FILES.has(src.slice(dir.length + 1)),
  });
  for (const shared of ['roi-ledger.json', 'cost-sheet.csv'])
    if (!existsSync(join(work, shared)) && !existsSync(join(dir, 'no-shared')))
      cpSync(join(SHARED, shared), join(work, shared));
  return existsSync(join(dir, 'args.json'))
    ? (JSON.parse(readFileSync(join(dir, 'args.json'), 'utf8')) as string[])
    : ['check', '.'];
}
