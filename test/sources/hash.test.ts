import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Of, stopHashing } from '../../src/sources/hash.js';

describe('sha256Of', () => {
  const dir = mkdtempSync(join(tmpdir(), 'roi-hash-'));

  it('hashes files on the worker exactly as on this thread, several at once', async () => {
    const files = [Buffer.alloc(0), Buffer.from('订单,1\n'), Buffer.alloc(3 << 20, 7)].map((bytes, i) => {
      const path = join(dir, `f${i}.csv`);
      writeFileSync(path, bytes);
      return { path, hex: createHash('sha256').update(bytes).digest('hex') };
    });
    const got = await Promise.all(files.map((f) => sha256Of(f.path)));
    expect(got).toEqual(files.map((f) => f.hex));
  });

  it('rejects for a file that cannot be read', async () => {
    await expect(sha256Of(join(dir, 'missing.csv'))).rejects.toThrow(/ENOENT/);
  });

  it('stops its thread only when nothing is pending, and starts another when asked again', async () => {
    const path = join(dir, 'again.csv');
    writeFileSync(path, 'a,b\n');
    const hex = createHash('sha256').update('a,b\n').digest('hex');
    const pending = sha256Of(path);
    await stopHashing(); // a hash is pending: the thread stays
    expect(await pending).toBe(hex);
    await stopHashing();
    expect(await sha256Of(path)).toBe(hex);
    await stopHashing();
  });
});
