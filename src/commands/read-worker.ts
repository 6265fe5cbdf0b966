/**
 * The worker thread of the pipeline: reads chunks of a big order file's later part (LineLogs, for the
 * calling thread to merge after its own part) and one group of files (read-group.ts), and sends
 * back each as it is done, the stores moved rather than copied. Started by `readAway` below, from the built
 * program only (a worker runs JavaScript: under the tests' TypeScript sources the group is read on
 * the calling thread instead, by the very same `readGroup`).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import * as columns from '../ledger/columns.js';
import * as factStores from '../ledger/fact-stores.js';
import * as ids from '../ledger/ids.js';
import * as lineLog from '../ledger/line-log.js';
import * as lineStore from '../ledger/line-store.js';
import * as reconcile from '../ledger/reconcile.js';
import { UserError, type Diagnostic } from '../ledger/diagnostics.js';
import { formatById } from '../sources/registry.js';
import type { LoadedFile } from '../sources/load.js';
import { Claims } from './claims.js';
import {
  readChunks,
  readGroup,
  type ChunkRead,
  type FactKind,
  type GroupFile,
  type GroupOptions,
  type GroupResult,
} from './read-group.js';
import { ClassRegistry, pack, unpack } from './transfer.js';

const CLASSES = new ClassRegistry([columns, ids, lineLog, lineStore, factStores, reconcile]);

/**
 * What share of the chunks left the second thread takes at a time: a quarter (the "factoring" share
 * for two threads), so a range is never more than the other thread can read meanwhile.
 */
const BACK_SHARE = 1 / 4;

/** The chunks of a file's later part, taken from the back (`Claims.back`) while the other thread takes from the front. */
export interface RestJob {
  readonly file: GroupFile;
  /** Chunk k runs from `bounds[k]` up to `bounds[k + 1]` (read-group.ts, `RestSource`). */
  readonly bounds: readonly number[];
  /** The shared word of the `Claims`. */
  readonly shared: SharedArrayBuffer;
}

interface Job {
  readonly rest: RestJob | null;
  readonly files: readonly GroupFile[];
  readonly kinds: readonly FactKind[];
  readonly opts: GroupOptions;
}

/** `part`: which of the job's two reads answers (the group is read, and answered, first). */
type Reply = { readonly part: 'rest' | 'group' } & (
  | { readonly data: unknown }
  | {
      readonly error: string;
      readonly stack?: string;
      /** A UserError's diagnostics and exit code, to be thrown again as one. */
      readonly user?: { readonly diagnostics: readonly Diagnostic[]; readonly exitCode: 1 | 2 };
    }
);

/** The thread could not run or died: the caller reads the group itself. Errors of the read are thrown as they are. */
export class ThreadLost extends Error {}

/** A file's format travels as its id: formats hold functions. */
type SentFile = Omit<LoadedFile, 'format'> & { format: string | null };

async function serve(job: Job): Promise<void> {
  // The group first: the chunks left when it is done are what balances the two threads.
  if (job.files.length)
    await answer('group', async () => {
      const r = await readGroup(job.files, new Set(job.kinds), job.opts);
      // Every row of these kinds is merged: the tables that find them by key are not sent, and their
      // memory serves this thread's chunks instead (10 M lines: 36 MiB); nor are the premiums'
      // policies, which only the merge reads (10 M: 65 MiB of text, returned at once).
      r.commissions.forgetLookups();
      r.premiums.forgetPolicies();
      const files: SentFile[] = r.files.map((f) => ({ ...f, format: f.format?.id ?? null }));
      return { ...r, files };
    });
  if (job.rest) {
    const { file, bounds, shared } = job.rest;
    const claims = new Claims(shared);
    await answer('rest', () => readChunks(file, bounds, () => claims.back(BACK_SHARE), job.opts));
  }
}

async function answer(part: Reply['part'], read: () => Promise<unknown>): Promise<void> {
  let reply: Reply;
  let transfer: ArrayBuffer[] = [];
  try {
    const packed = pack(await read(), CLASSES);
    reply = { part, data: packed.data };
    transfer = packed.transfer;
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    reply = {
      part,
      error: err.message,
      ...(err.stack ? { stack: err.stack } : {}),
      ...(e instanceof UserError ? { user: { diagnostics: e.diagnostics, exitCode: e.exitCode } } : {}),
    };
  }
  parentPort!.postMessage(reply, transfer);
}

if (!isMainThread && parentPort && (workerData as { roiLedgerRead?: boolean } | null)?.roiLedgerRead)
  parentPort.once('message', (job: Job) => void serve(job));

const SCRIPT = new URL(import.meta.url);

export interface AwayRead {
  /** The group's files as read there (never settles when the job had none). */
  readonly result: Promise<GroupResult>;
  /** The chunks of the split file read there (never settles when the job had none). */
  readonly rest: Promise<readonly ChunkRead[]>;
  /** Stops the thread (when this one failed and will not wait for it). */
  stop(): void;
}

/**
 * Reads the rest of a file and the group on a worker thread; null when no worker can run this build
 * (the TypeScript sources under test), so that the caller reads them itself. Each promise rejects
 * with ThreadLost when the thread could not start or died, and with the read's own error when it
 * threw one.
 */
export function readAway(
  rest: RestJob | null,
  files: readonly GroupFile[],
  kinds: readonly FactKind[],
  opts: GroupOptions,
): AwayRead | null {
  if (!SCRIPT.pathname.endsWith('.js') || !existsSync(fileURLToPath(SCRIPT))) return null;
  let worker: Worker;
  try {
    worker = new Worker(SCRIPT, {
      workerData: { roiLedgerRead: true },
      // A smaller young generation than the default 48 MB: the thread's garbage is short-lived rows,
      // and what it leaves mapped adds to the run's peak (1 M bench: about 30 MB less, same time).
      resourceLimits: { maxYoungGenerationSizeMb: 16 },
    });
  } catch {
    return null;
  }
  const waiting = new Map<Reply['part'], { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const answered = <T>(part: Reply['part'], expected: boolean): Promise<T> => {
    if (!expected) return new Promise<T>(() => undefined);
    const p = new Promise<T>((resolve, reject) =>
      waiting.set(part, { resolve: resolve as (v: unknown) => void, reject }),
    );
    // Awaited only after this thread's own files: a rejection meanwhile is not "unhandled".
    p.catch(() => undefined);
    return p;
  };
  const restRead = answered<readonly ChunkRead[]>('rest', rest !== null);
  const result = answered<GroupResult>('group', files.length > 0);
  const lost = (e: Error): void => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('message', (reply: Reply) => {
    const w = waiting.get(reply.part);
    waiting.delete(reply.part);
    if (waiting.size === 0) void worker.terminate();
    if (!w) return;
    if ('error' in reply) {
      const e = reply.user
        ? new UserError(reply.user.diagnostics, reply.user.exitCode)
        : new Error(reply.error);
      if (reply.stack) e.stack = reply.stack;
      return w.reject(e);
    }
    if (reply.part === 'rest') return w.resolve(unpack(reply.data, CLASSES));
    const r = unpack(reply.data, CLASSES) as Omit<GroupResult, 'files'> & { files: SentFile[] };
    const loaded = r.files.map((f): LoadedFile => ({
      ...f,
      format: f.format === null ? null : formatById(f.format)!,
    }));
    w.resolve({ ...r, files: loaded });
  });
  worker.once('error', (e) => lost(new ThreadLost(e.message)));
  worker.once('exit', (code) =>
    lost(new ThreadLost(`the reading thread stopped (exit code ${code}) before it answered`)),
  );
  worker.postMessage({ rest, files, kinds, opts } satisfies Job);
  return { result, rest: restRead, stop: () => void worker.terminate() };
}
