/** Goldens of the render tests live beside them; `UPDATE_GOLDEN=1 npx vitest run test/render` rewrites them. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectGoldenIn } from '../helpers/golden.js';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '__golden__');

export function expectGolden(name: string, text: string): void {
  expectGoldenIn(GOLDEN_DIR, name, text);
}
