/** Runs the CLI in-process with captured output, from the repository root. */
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
