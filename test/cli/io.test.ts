import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo, openAtomic, Pieces, printInternalError, writeFileAtomic } from '../../src/cli/io.js';

describe('openAtomic', () => {
  it('writes pieces into a temporary file beside the output, renamed over it on commit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roi-io-'));
    const path = join(dir, 'ledger.csv');
    writeFileSync(path, 'the old file\n');
    const f = await openAtomic(path);
    await f.write('a,b\n');
    await f.write('1,2\n');
    // Until the commit, the old file is whole and the new one is elsewhere.
    expect(readFileSync(path, 'utf8')).toBe('the old file\n');
    expect(readdirSync(dir)).toHaveLength(2);
    await f.commit();
    expect(readFileSync(path, 'utf8')).toBe('a,b\n1,2\n');
    expect(readdirSync(dir)).toEqual(['ledger.csv']);
  });

  it('abort leaves the old file as it was and no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roi-io-'));
    const path = join(dir, 'ledger.csv');
    const f = await openAtomic(path);
    await f.write('half a ledger');
    await f.abort();
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes text as UTF-8, as writeFileAtomic does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roi-io-'));
    const f = await openAtomic(join(dir, 'a.csv'));
    await f.write('\ufeff渠道,金额\n');
    await f.commit();
    await writeFileAtomic(join(dir, 'b.csv'), '\ufeff渠道,金额\n');
    expect(readFileSync(join(dir, 'a.csv'))).toEqual(readFileSync(join(dir, 'b.csv')));
  });
});

describe('memoryIo', () => {
  it('captures output, and nothing waits for it to drain', async () => {
    const io = memoryIo();
    io.stdout('a');
    io.stderr('b');
    await expect(io.stdoutDrained()).resolves.toBeUndefined();
    expect([io.out, io.err]).toEqual(['a', 'b']);
  });
});

describe('Pieces', () => {
  it('says when a piece is full, and passes each on whole, in order', async () => {
    const put: string[] = [];
    const out = new Pieces(async (piece) => void put.push(piece));
    expect(out.add('a'.repeat(40_000))).toBe(false);
    expect(out.add('b'.repeat(40_000))).toBe(true);
    await out.flush();
    expect(out.add('c')).toBe(false);
    await out.flush();
    await out.flush(); // nothing left: nothing passed on
    expect(put).toEqual(['a'.repeat(40_000) + 'b'.repeat(40_000), 'c']);
  });
});

describe('printInternalError', () => {
  it('names the error and asks for a report; the stack only with ROI_LEDGER_DEBUG', () => {
    const quiet = memoryIo();
    printInternalError(quiet, new Error('boom'));
    expect(quiet.err).toBe('roi-ledger: internal error: boom\n  please report it with the command you ran\n');
    const debug = memoryIo({ ROI_LEDGER_DEBUG: '1' });
    const e = new Error('boom');
    printInternalError(debug, e);
    expect(debug.err).toBe(`${quiet.err}${e.stack}\n`);
  });
});
