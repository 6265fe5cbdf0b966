/** Which files a PATH names: a file, or a folder's `*.csv` files, recursively, in a stable order. */
import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { Diagnostic } from '../ledger/diagnostics.js';
import { UserError } from '../ledger/diagnostics.js';

/** Files that look like exports but are not CSV text: listed as not read, never silently passed over. */
const NOT_READ = new Set(['.xlsx', '.xls', '.zip', '.tsv', '.txt', '.numbers', '.et']);

export interface InputList {
  readonly files: string[];
  readonly notRead: Diagnostic[];
}

async function walk(dir: string, out: string[], notRead: Diagnostic[]): Promise<void> {
  const names = (await readdir(dir)).sort();
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const p = join(dir, name);
    const st = await stat(p);
    if (st.isDirectory()) await walk(p, out, notRead);
    else if (extname(name).toLowerCase() === '.csv') out.push(p);
    else if (NOT_READ.has(extname(name).toLowerCase()))
      notRead.push({
        severity: 'warning',
        code: 'W_NOT_READ',
        message: 'not read: only .csv files are read',
        file: p,
        hint: 'export it as CSV from the backend, or unzip it',
      });
  }
}

/** `paths` as the user typed them, resolved against `cwd` (the working folder of the command). */
export async function listInputs(paths: readonly string[], cwd = process.cwd()): Promise<InputList> {
  const files: string[] = [];
  const notRead: Diagnostic[] = [];
  for (const typed of paths) {
    const p = resolve(cwd, typed);
    const st = await stat(p).catch(() => null);
    if (st === null)
      throw new UserError(
        [{ severity: 'error', code: 'E_IO', message: `no such file or folder: ${typed}` }],
        2,
      );
    if (st.isDirectory()) await walk(p, files, notRead);
    else files.push(p);
  }
  // The same file named twice (a folder and a file in it, `a/./x.csv`, `a//x.csv`) is read once.
  const seen = new Set<string>();
  const unique = files.filter((f) => {
    const key = resolve(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { files: unique, notRead };
}
