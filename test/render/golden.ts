/** Golden files: `UPDATE_GOLDEN=1 npx vitest run test/render` writes them; otherwise the output must match. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '__golden__');

export function expectGolden(name: string, text: string): void {
  const file = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, text);
    return;
  }
  // A missing golden fails rather than being created, so CI never blesses its own output.
  expect(existsSync(file), `${name} is missing: run UPDATE_GOLDEN=1 npx vitest run test/render`).toBe(true);
  expect(text).toBe(readFileSync(file, 'utf8'));
}
