/**
 * The worker thread of the pipeline: reads one group of files (read-group.ts) and sends back what
 * it merged, the stores moved rather than copied. Started by `readAway` below, from the built
 * program only (a worker runs JavaScript: under the tests' TypeScript sources the group is read on
 * the calling thread instead, by the very same `readGroup`).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import * as columns from '../ledger/columns.js';
import * as factStores from '../ledger/fact-stores.js';
import * as ids from '../ledger/ids.js';
import * as lineStore from '../ledger/line-store.js';
import * as reconcile from '../ledger/reconcile.js';
import { UserError, type Diagnostic } from '../ledger/diagnostics.js';
import { formatById } from '../sources/registry.js';
import type { LoadedFile } from '../sources/load.js';
import {
  readGroup,
  type FactKind,
  type GroupFile,
  type GroupOptions,
  type GroupResult,
} from './read-group.js';
import { ClassRegistry, pack, unpack } from './transfer.js';

const CLASSES = new ClassRegistry([columns, ids, lineStore, factStores, reconcile]);

interface Job {
  readonly files: readonly GroupFile[];
  readonly kinds: readonly FactKind[];
  readonly opts: GroupOptions;
}

type Reply =
  | { readonly data: unknown }
  | {
      readonly error: string;
      readonly stack?: string;
      /** A UserError's diagnostics and exit code, to be thrown again as one. */
      readonly user?: { readonly diagnostics: readonly Diagnostic[]; readonly exitCode: 1 | 2 };
    };

/** The thread could not run or died: the caller reads the group itself. Errors of the read are thrown as they are. */
export class ThreadLost extends Error {}

/** A file's format travels as its id: formats hold functions. */
type SentFile = Omit<LoadedFile, 'format'> & { format: string | null };

async function serve(job: Job): Promise<void> {
  let reply: Reply;
  let transfer: ArrayBuffer[] = [];
  try {
    const r = await readGroup(job.files, new Set(job.kinds), job.opts);
    const files: SentFile[] = r.files.map((f) => ({ ...f, format: f.format?.id ?? null }));
    const packed = pack({ ...r, files }, CLASSES);
    reply = { data: packed.data };
    transfer = packed.transfer;
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    reply = {
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
  readonly result: Promise<GroupResult>;
  /** Stops the thread (when this one failed and will not wait for it). */
  stop(): void;
}

/**
 * Reads the group on a worker thread; null when no worker can run this build (the TypeScript
 * sources under test), so that the caller reads it itself. `result` rejects with ThreadLost when the
 * thread could not start or died, and with the read's own error when it threw one.
 */
export function readAway(
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
  const result = new Promise<GroupResult>((resolve, reject) => {
    worker.once('message', (reply: Reply) => {
      void worker.terminate();
      if ('error' in reply) {
        const e = reply.user
          ? new UserError(reply.user.diagnostics, reply.user.exitCode)
          : new Error(reply.error);
        if (reply.stack) e.stack = reply.stack;
        return reject(e);
      }
      const r = unpack(reply.data, CLASSES) as Omit<GroupResult, 'files'> & { files: SentFile[] };
      const files = r.files.map((f): LoadedFile => ({
        ...f,
        format: f.format === null ? null : formatById(f.format)!,
      }));
      resolve({ ...r, files });
    });
    worker.once('error', (e) => reject(new ThreadLost(e.message)));
    worker.once('exit', (code) =>
      reject(new ThreadLost(`the reading thread stopped (exit code ${code}) before it answered`)),
    );
  });
  // Awaited only after this thread's own files: a rejection meanwhile is not "unhandled".
  result.catch(() => undefined);
  worker.postMessage({ files, kinds, opts } satisfies Job);
  return { result, stop: () => void worker.terminate() };
}
