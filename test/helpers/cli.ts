/** Runs the CLI in-process with captured output, from the repository root; or a private build of it. */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo(env, ROOT);
  const code = await main(args, io);
  return { code, out: io.out, err: io.err };
}

/**
 * The folder of a private build of the CLI (`npm run build -- --outDir …` beside copies of bin/ and
 * package.json), inside the repository so that node_modules resolves: another test file may rebuild
 * dist/ at the same time. `make` builds it (slow: call it from beforeAll), `remove` deletes it.
 */
export function privateBuild(name: string): { root: string; bin: string; make(): void; remove(): void } {
  const root = join(ROOT, 'node_modules', '.cache', `roi-ledger-${name}-${process.pid}`);
  const bin = join(root, 'bin', 'roi-ledger.js');
  return {
    root,
    bin,
    make() {
      mkdirSync(join(root, 'bin'), { recursive: true });
      execFileSync('npm', ['run', 'build', '--silent', '--', '--outDir', join(root, 'dist')], {
        cwd: ROOT,
        stdio: 'ignore',
      });
      copyFileSync(join(ROOT, 'bin', 'roi-ledger.js'), bin);
      copyFileSync(join(ROOT, 'package.json'), join(root, 'package.json'));
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
