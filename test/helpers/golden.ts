/** Golden files: `UPDATE_GOLDEN=1 npx vitest run` writes them; otherwise the output must match. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';

/** `dir` is the folder of goldens (usually `__golden__` beside the test). */
export function expectGoldenIn(dir: string, name: string, text: string): void {
  const file = join(dir, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return;
  }
  // A missing golden fails rather than being created, so CI never blesses its own output.
  expect(existsSync(file), `${name} is missing: run UPDATE_GOLDEN=1 npx vitest run`).toBe(true);
  expect(text).toBe(readFileSync(file, 'utf8'));
}
