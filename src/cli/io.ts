/** Where a command writes: injected so tests capture output without spawning a process. */
import { open, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';

export interface Io {
  /** Data only: reports, ledgers. */
  stdout(text: string): void;
  /**
   * Resolves once what `stdout` was given is passed on, at once when nothing waits. A writer of much
   * output awaits it every so often: a pipe read slower than we write (`ledger | gzip`) would
   * otherwise queue the whole output in memory (1 M lines: gigabytes, then ENOBUFS).
   */
  stdoutDrained(): Promise<void>;
  /** Diagnostics and progress. */
  stderr(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** Width of the terminal stdout is on, if it is one. */
  readonly columns: number | undefined;
  /** Width of the terminal stderr is on, if it is one (the progress line: stdout may be a file). */
  readonly stderrColumns: number | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export function processIo(): Io {
  return {
    stdout: (t) => void process.stdout.write(t),
    stdoutDrained: () =>
      process.stdout.writableNeedDrain
        ? new Promise((resolve) => process.stdout.once('drain', resolve))
        : Promise.resolve(),
    stderr: (t) => void process.stderr.write(t),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    columns: process.stdout.columns,
    stderrColumns: process.stderr.columns,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** A captured Io for tests. */
export function memoryIo(
  env: Record<string, string | undefined> = {},
  cwd = process.cwd(),
): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(t: string) {
      io.out += t;
    },
    stdoutDrained: () => Promise.resolve(),
    stderr(t: string) {
      io.err += t;
    },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    columns: undefined,
    stderrColumns: undefined,
    env,
    cwd,
  };
  return io;
}

/**
 * An output file written piece by piece, atomically: into a temporary file beside it, renamed over
 * it by `commit`; `abort` removes the temporary file.
 */
export interface AtomicFile {
  write(text: string): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export async function openAtomic(path: string): Promise<AtomicFile> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const file = await open(tmp, 'w');
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await file.close();
  };
  return {
    async write(text) {
      // A write may take fewer bytes than it is given (a full disk throws): write on until all are in.
      const bytes = Buffer.from(text, 'utf8');
      for (let o = 0; o < bytes.length;) o += (await file.write(bytes, o, bytes.length - o)).bytesWritten;
    },
    async commit() {
      await close();
      await rename(tmp, path);
    },
    async abort() {
      await close().catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
    },
  };
}

/** Writes a whole output file atomically: a temporary file beside it, then a rename. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
