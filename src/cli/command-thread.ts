/**
 * `report` and `check` run on a thread of their own (main.ts, `run`), whose V8 young generation is
 * capped at `YOUNG_GENERATION_MB`: the main thread's grows to 32 MiB on a big input (V8's default for
 * a process), all of it resident at the end of a report, and V8 fixes that size when the process
 * starts (a flag set at run time changes nothing; docs/decisions.md). A thread's limits are its own.
 * 1 M bench: peak RSS about 25 MB less, the same CPU time.
 *
 * The thread writes through its `process.stdout` and `process.stderr`, which Node passes on to this
 * thread's; it is told whether they are terminals (on the thread, they are not).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { printInternalError, processIo, type Io } from './io.js';

/** The thread's young generation, in MB (V8's default for a process: 48). 4 took more CPU, 16 more memory. */
export const YOUNG_GENERATION_MB = 8;

const SCRIPT = new URL(import.meta.url);

/** What the thread is given: the arguments, and what this thread knows of the terminal. */
interface CommandJob {
  readonly argv: readonly string[];
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly columns: number | undefined;
  readonly stderrColumns: number | undefined;
}

/**
 * Runs `main(argv)` on a thread of its own and resolves to its exit code; null when no thread can be
 * started (under the tests' TypeScript sources there is no script to start it from): the caller then
 * runs the command itself.
 */
export function runOnThread(
  argv: readonly string[],
  io: Io = processIo(),
  script: URL = SCRIPT,
): Promise<number> | null {
  if (!script.pathname.endsWith('.js') || !existsSync(fileURLToPath(script))) return null;
  const job: CommandJob = {
    argv,
    stdoutIsTTY: io.stdoutIsTTY,
    stderrIsTTY: io.stderrIsTTY,
    columns: io.columns,
    stderrColumns: io.stderrColumns,
  };
  let worker: Worker;
  try {
    worker = new Worker(script, {
      workerData: { roiLedgerCommand: job },
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
  } catch {
    return null;
  }
  return new Promise((resolve) => {
    let code: number | null = null;
    worker.on('message', (m: { code: number }) => (code = m.code));
    // An error the command did not catch (main catches its own), or the thread out of memory.
    worker.on('error', (e) => {
      printInternalError(io, e);
      code = 70;
    });
    // 'exit' comes after the thread's output is passed on.
    worker.on('exit', (exitCode) => resolve(code ?? (exitCode === 0 ? 70 : exitCode)));
  });
}

const job = !isMainThread && (workerData as { roiLedgerCommand?: CommandJob } | null)?.roiLedgerCommand;
if (job) {
  const { main } = await import('./main.js');
  const io: Io = {
    ...processIo(),
    stdoutIsTTY: job.stdoutIsTTY,
    stderrIsTTY: job.stderrIsTTY,
    columns: job.columns,
    stderrColumns: job.stderrColumns,
  };
  parentPort!.postMessage({ code: await main(job.argv, io) });
}
