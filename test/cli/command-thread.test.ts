import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runOnThread, YOUNG_GENERATION_MB } from '../../src/cli/command-thread.js';
import { memoryIo } from '../../src/cli/io.js';

const dir = mkdtempSync(join(tmpdir(), 'roi-thread-'));

/** A stand-in for the built command thread: CommonJS, so it runs without the build. */
function script(name: string, body: string): URL {
  const path = join(dir, `${name}.js`);
  writeFileSync(
    path,
    `const { parentPort, workerData, resourceLimits } = require('node:worker_threads');\n${body}`,
  );
  return pathToFileURL(path);
}

describe('runOnThread', () => {
  it('gives the thread the arguments, the terminal facts and a capped young generation; resolves to its code', async () => {
    const seen = join(dir, 'seen.json');
    const echo = script(
      'echo',
      `require('node:fs').writeFileSync(${JSON.stringify(seen)}, JSON.stringify({
         job: workerData.roiLedgerCommand,
         young: resourceLimits.maxYoungGenerationSizeMb,
       }));
       parentPort.postMessage({ code: 3 });`,
    );
    const io = { ...memoryIo(), stdoutIsTTY: true, stderrIsTTY: false, columns: 100, stderrColumns: 80 };
    expect(await runOnThread(['report', 'shop', '--by', 'sku'], io, echo)).toBe(3);
    expect(JSON.parse(readFileSync(seen, 'utf8'))).toEqual({
      job: {
        argv: ['report', 'shop', '--by', 'sku'],
        stdoutIsTTY: true,
        stderrIsTTY: false,
        columns: 100,
        stderrColumns: 80,
      },
      young: YOUNG_GENERATION_MB,
    });
    // Below V8's default for a process (48 MB): the point of the thread.
    expect(YOUNG_GENERATION_MB).toBeLessThan(48);
  });

  it('resolves to 70 and names an internal error when the thread throws', async () => {
    const io = memoryIo();
    const code = await runOnThread(['report'], io, script('throws', `throw new Error('boom');`));
    expect(code).toBe(70);
    expect(io.err).toBe('roi-ledger: internal error: boom\n  please report it with the command you ran\n');
  });

  it('resolves to 70 when the thread ends without an exit code', async () => {
    expect(await runOnThread(['report'], memoryIo(), script('silent', ''))).toBe(70);
  });

  it('is null when there is no built script to start (the tests run the TypeScript sources)', () => {
    expect(runOnThread(['report'], memoryIo())).toBeNull();
    expect(runOnThread(['report'], memoryIo(), pathToFileURL(join(dir, 'missing.js')))).toBeNull();
  });
});
