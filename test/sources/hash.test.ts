import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Of } from '../../src/sources/hash.js';

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
});
