/** Where a command writes: injected so tests capture output without spawning a process. */
import { open, rename, unlink } from 'node:fs/promises';
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
  const file = await openAtomic(path);
  try {
    await file.write(text);
    await file.commit();
  } catch (e) {
    await file.abort();
    throw e;
  }
}

/** Characters of output gathered before they are passed on. */
const PIECE_CHARS = 1 << 16;

/**
 * Output made in pieces of about 64 KiB, each passed on before the next is made: `add` says when a
 * piece is full, `flush` passes it on (and the last one at the end). A big output is never held whole.
 */
export class Pieces {
  private text = '';

  constructor(private readonly put: (piece: string) => Promise<void>) {}

  /** Adds text; true when the piece is full and is to be flushed before more is added. */
  add(text: string): boolean {
    this.text += text;
    return this.text.length >= PIECE_CHARS;
  }

  async flush(): Promise<void> {
    if (this.text === '') return;
    const piece = this.text;
    this.text = '';
    await this.put(piece);
  }
}

/** Pieces for stdout: each waits until stdout has taken it (`stdoutDrained`). */
export function stdoutPieces(io: Io): Pieces {
  return new Pieces(async (piece) => {
    io.stdout(piece);
    await io.stdoutDrained();
  });
}

/** What the program prints for an error it did not expect (exit code 70), with the stack when asked. */
export function printInternalError(io: Io, e: Error): void {
  io.stderr(`roi-ledger: internal error: ${e.message}\n  please report it with the command you ran\n`);
  if (io.env.ROI_LEDGER_DEBUG) io.stderr(`${e.stack}\n`);
}
