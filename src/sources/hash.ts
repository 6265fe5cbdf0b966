/**
 * sha256 of each input, computed on a thread of its own while the main one goes on: hashing a year
 * of exports reads every byte a second time. One worker serves the whole run; it keeps the process
 * alive only while a hash is pending.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Worker } from 'node:worker_threads';

// Plain CommonJS, evaluated by the worker: no file to find next to the built or the test sources.
const WORKER = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const buf = Buffer.allocUnsafe(1 << 20);
parentPort.on('message', ({ id, path }) => {
  let fd = -1;
  try {
    fd = openSync(path, 'r');
    const h = createHash('sha256');
    let n;
    while ((n = readSync(fd, buf, 0, buf.length, null)) > 0) h.update(buf.subarray(0, n));
    parentPort.postMessage({ id, hex: h.digest('hex') });
  } catch (e) {
    parentPort.postMessage({ id, error: String((e && e.message) || e) });
  } finally {
    if (fd >= 0) closeSync(fd);
  }
});
`;

interface Pending {
  resolve(hex: string): void;
  reject(e: Error): void;
}

let worker: Worker | null = null;
let broken = false;
let nextId = 0;
const pending = new Map<number, Pending>();

function settle(id: number, msg: { hex?: string; error?: string }): void {
  const p = pending.get(id);
  if (!p) return;
  pending.delete(id);
  if (pending.size === 0) worker?.unref();
  if (msg.hex !== undefined) p.resolve(msg.hex);
  else p.reject(new Error(msg.error ?? 'sha256 failed'));
}

function hashWorker(): Worker | null {
  if (worker || broken) return worker;
  try {
    // The script holds a 1 MiB buffer and a hash: the smallest heaps V8 takes (the thread runs while
    // the report is built, where a big run peaks; a default heap took about 10 MB more at 1 M lines).
    worker = new Worker(WORKER, {
      eval: true,
      resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
    });
  } catch {
    broken = true;
    return null;
  }
  worker.on('message', (m: { id: number; hex?: string; error?: string }) => settle(m.id, m));
  worker.on('error', (e) => {
    // The thread is gone: what it had not answered is hashed here instead.
    broken = true;
    worker = null;
    for (const [id] of pending) settle(id, { error: e.message });
  });
  worker.unref();
  return worker;
}

/** sha256 of a file on this thread (the fallback when no worker can run). */
async function sha256Here(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Hex sha256 of a file, computed on the hashing thread. Rejects when the file cannot be read. */
export function sha256Of(path: string): Promise<string> {
  const w = hashWorker();
  if (!w) return sha256Here(path);
  const id = nextId++;
  const done = new Promise<string>((resolve, reject) => pending.set(id, { resolve, reject }));
  w.ref();
  w.postMessage({ id, path });
  return done;
}

/**
 * Ends the hashing thread once nothing is pending (its memory is returned before the ledger is
 * booked, where a big run peaks); a later `sha256Of` starts a new one.
 */
export async function stopHashing(): Promise<void> {
  const w = worker;
  if (!w || pending.size > 0) return;
  worker = null;
  await w.terminate();
}
