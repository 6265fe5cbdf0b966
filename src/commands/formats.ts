/**
 * `roi-ledger formats`: the built-in export formats and the headers that identify each. Declared in
 * src/cli/main.ts, which imports this module when the command runs.
 */
import type { Io } from '../cli/io.js';
import { FORMATS } from '../sources/registry.js';

const label = (c: string | readonly string[]) => (typeof c === 'string' ? c : c.join(' | '));

export function runFormats(io: Io): number {
  const out: string[] = [];
  for (const f of FORMATS) {
    out.push(`${f.id}  (${f.kind})`, `  ${f.title}`);
    out.push(`  identified by: ${f.identify.map(label).join(', ')}`);
    out.push(`  needs:         ${f.required.map(label).join(', ')}`);
    if (f.optional.length) out.push(`  reads too:     ${f.optional.join(', ')}`);
    out.push('');
  }
  io.stdout(`${out.join('\n')}`);
  return 0;
}
