import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

  it.runIf(existsSync('/proc/thread-self'))(
    'hashes on a thread of the lowest priority, and only that thread (Linux)',
    async () => {
      /** Each thread of this process: its id and nice value (field 19 of its stat, after the name). */
      const threads = () =>
        readdirSync('/proc/self/task').map((tid) => {
          const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
          return { tid, nice: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]) };
        });
      await stopHashing();
      const before = threads();
      const path = join(dir, 'nice.csv');
      writeFileSync(path, 'a,b\n');
      await sha256Of(path);
      const after = threads().filter((t) => !before.some((b) => b.tid === t.tid));
      expect(after.filter((t) => t.nice === 19)).toHaveLength(1);
      // The threads that were there (this one among them) kept their priority.
      for (const t of threads()) {
        const was = before.find((b) => b.tid === t.tid);
        if (was) expect(t.nice).toBe(was.nice);
      }
      await stopHashing();
    },
  );
});
