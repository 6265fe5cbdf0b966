/** The progress line on stderr (issue 4), with a fake clock. */
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import {
  amounts,
  CLEAR_LINE,
  createProgress,
  displayWidth,
  fit,
  stderrProgress,
  type ProgressOptions,
} from '../../src/cli/progress.js';

const MiB = 1 << 20;
const NAME = 'orders/1790817157_订单导出.csv';

/** A progress on a fake terminal: `at(ms)` sets the clock, `writes` holds each write. */
function terminal(opts: Partial<ProgressOptions> = {}) {
  let t = 0;
  const writes: string[] = [];
  const progress = createProgress({
    write: (s) => writes.push(s),
    isTTY: true,
    columns: 120,
    now: () => t,
    ...opts,
  });
  return {
    progress,
    writes,
    at(ms: number) {
      t = ms;
    },
  };
}

/** What one terminal line shows after these writes: `\r` returns, `\x1b[K` erases to the end. */
function screen(writes: readonly string[]): string {
  let line: string[] = [];
  let x = 0;
  for (const w of writes)
    for (let i = 0; i < w.length;) {
      if (w[i] === '\r') {
        x = 0;
        i++;
      } else if (w.startsWith('\x1b[K', i)) {
        line = line.slice(0, x);
        i += 3;
      } else {
        const ch = String.fromCodePoint(w.codePointAt(i)!);
        line[x++] = ch;
        i += ch.length;
      }
    }
  return line.join('');
}

describe('progress on a terminal', () => {
  it('shows nothing during the first second of a file, then the line', () => {
    const { progress, writes, at } = terminal();
    const hook = progress.start(NAME);
    for (let ms = 0; ms < 1000; ms += 100) {
      at(ms);
      hook((ms / 100) * 10 * MiB, 582_000_000);
    }
    expect(writes).toEqual([]);
    at(1000);
    hook(312_000_000, 582_000_000);
    expect(writes).toEqual([`\rreading ${NAME}  312 MB of 582 MB (53%)\x1b[K`]);
  });

  it('rewrites the line at most ten times a second', () => {
    const { progress, writes, at } = terminal();
    const hook = progress.start(NAME);
    // A chunk every 10 ms for two seconds: 200 calls, of which the last second may draw 10 lines.
    for (let ms = 0; ms <= 2000; ms += 10) {
      at(ms);
      hook(ms * 100_000, 200_000_000);
    }
    expect(writes.length).toBeGreaterThanOrEqual(9);
    expect(writes.length).toBeLessThanOrEqual(11);
    expect(writes.at(-1)).toBe(`\rreading ${NAME}  200 MB of 200 MB (100%)\x1b[K`);
  });

  it('does not write the same text twice', () => {
    const { progress, writes, at } = terminal();
    const hook = progress.start(NAME);
    at(1000);
    hook(5_000_000, 582_000_000);
    at(1200);
    hook(5_000_001, 582_000_000);
    expect(writes).toHaveLength(1);
  });

  it('erases the line when the file ends; nothing is left on the terminal', () => {
    const { progress, writes, at } = terminal();
    const hook = progress.start(NAME);
    at(1500);
    hook(100 * MiB, 582_000_000);
    progress.stop();
    expect(writes.at(-1)).toBe(CLEAR_LINE);
    expect(screen(writes)).toBe('');
    // A late call of the ended file's hook draws nothing.
    at(3000);
    hook(200 * MiB, 582_000_000);
    expect(writes.at(-1)).toBe(CLEAR_LINE);
  });

  it('a new file erases the line of the previous one and waits its own second', () => {
    const { progress, writes, at } = terminal();
    const first = progress.start('a.csv');
    at(1000);
    first(50_000_000, 100_000_000);
    expect(screen(writes)).toBe('reading a.csv  50 MB of 100 MB (50%)');
    const second = progress.start('b.csv');
    expect(screen(writes)).toBe('');
    at(1500);
    second(10_000_000, 20_000_000);
    first(60_000_000, 100_000_000); // the ended file's hook
    expect(screen(writes)).toBe('');
    at(2000);
    second(15_000_000, 20_000_000);
    expect(screen(writes)).toBe('reading b.csv  15 MB of 20 MB (75%)');
    progress.stop();
    expect(screen(writes)).toBe('');
  });

  it('a shorter text leaves nothing of the longer one', () => {
    const { progress, writes, at } = terminal();
    const hook = progress.start('a.csv');
    at(1000);
    hook(50_000_000, 0); // size unknown
    expect(screen(writes)).toBe('reading a.csv  50 MB');
    at(1100);
    hook(9_000_000, 0);
    expect(screen(writes)).toBe('reading a.csv  9.0 MB');
  });

  it('stop with nothing shown writes nothing (a fast file, or the end of the run)', () => {
    const { progress, writes, at } = terminal();
    const hook = progress.start(NAME);
    at(900);
    hook(582_000_000, 582_000_000);
    progress.stop();
    progress.stop();
    expect(writes).toEqual([]);
  });

  it('keeps the line inside the terminal: a long name loses its beginning', () => {
    const { progress, writes, at } = terminal({ columns: 50 });
    const hook = progress.start(`very/long/folder/name/of/the/shop/${NAME}`);
    at(1000);
    hook(312_000_000, 582_000_000);
    const line = screen(writes);
    expect(line).toBe('reading …157_订单导出.csv  312 MB of 582 MB (53%)');
    expect(displayWidth(line)).toBe(49);
  });

  it('a control character in a file name cannot move the cursor', () => {
    const { progress, writes, at } = terminal();
    const hook = progress.start('a\nb\x1b[2J.csv');
    at(1000);
    hook(1, 2);
    expect(writes).toEqual(['\rreading a?b?[2J.csv  0.0 MB of 0.0 MB (50%)\x1b[K']);
  });
});

describe('progress when stderr is not a terminal', () => {
  it('writes nothing at all', () => {
    const { progress, writes, at } = terminal({ isTTY: false });
    const hook = progress.start(NAME);
    for (let ms = 0; ms <= 5000; ms += 50) {
      at(ms);
      hook(ms * 100_000, 582_000_000);
    }
    progress.stop();
    expect(writes).toEqual([]);
  });

  it('on an Io: memoryIo is not a terminal, whatever the environment', () => {
    const io = memoryIo({ NO_COLOR: '1', CI: 'true' });
    let t = 0;
    const progress = stderrProgress(io, () => t);
    const hook = progress.start(NAME);
    t = 5000;
    hook(312_000_000, 582_000_000);
    progress.stop();
    expect(io.err).toBe('');
  });

  it('on an Io whose stderr is a terminal: written to stderr, its width respected', () => {
    const io = { ...memoryIo(), stderrIsTTY: true, stderrColumns: 40 };
    const writes: string[] = [];
    io.stderr = (s: string) => void writes.push(s);
    let t = 0;
    const hook = stderrProgress(io, () => t).start(NAME);
    t = 1000;
    hook(312_000_000, 582_000_000);
    expect(displayWidth(screen(writes))).toBeLessThanOrEqual(39);
    expect(screen(writes)).toMatch(/^reading …[^ ]*\.csv {2}312 MB of 582 MB \(53%\)$/);
  });
});

describe('the text', () => {
  it.each([
    [312_000_000, 582_000_000, '312 MB of 582 MB (53%)'],
    [582_000_000, 582_000_000, '582 MB of 582 MB (100%)'],
    [600_000_000, 582_000_000, '600 MB of 582 MB (100%)'], // the file grew while read
    [0, 582_000_000, '0 MB of 582 MB (0%)'],
    [1_234_567, 3_456_789, '1.2 MB of 3.4 MB (35%)'],
    [1_234_567, 0, '1.2 MB'],
    [31_234_567, 0, '31 MB'],
  ])('%d of %d → %s', (read, total, text) => {
    expect(amounts(read, total)).toBe(text);
  });

  it('counts wide characters as two columns', () => {
    expect(displayWidth('订单导出.csv')).toBe(12);
    expect(displayWidth('orders.csv')).toBe(10);
  });

  it('in a very narrow terminal, the line loses its end', () => {
    expect(fit('orders.csv', '312 MB of 582 MB (53%)', 20)).toBe('reading orders.csv  ');
    expect(fit('订单.csv', '1 MB', 11)).toBe('reading 订');
  });
});
