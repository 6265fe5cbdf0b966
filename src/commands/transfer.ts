/**
 * Sends class instances (the columnar stores, their id tables and columns) between threads.
 * `postMessage` copies plain data but drops prototypes, so `pack` marks each instance with its
 * class's name and `unpack` gives it its prototype back. The typed arrays inside are moved, not
 * copied (their buffers go in the transfer list): a store of a million rows is tens of megabytes.
 */

/** Key of the mark on a packed instance; no field of ours starts with a NUL. */
const CLASS = '\u0000class';

type Class = abstract new (...args: never[]) => object;

/** The classes that may cross, by name: every class exported by the given modules. */
export class ClassRegistry {
  private readonly byName = new Map<string, Class>();
  private readonly names = new Map<Class, string>();

  constructor(modules: readonly Record<string, unknown>[]) {
    for (const mod of modules)
      for (const [name, v] of Object.entries(mod))
        if (typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v))) {
          this.byName.set(name, v as Class);
          this.names.set(v as Class, name);
        }
  }

  nameOf(c: Class): string | undefined {
    return this.names.get(c);
  }
  classOf(name: string): Class | undefined {
    return this.byName.get(name);
  }
}

const isPrimitive = (x: unknown): boolean => x === null || (typeof x !== 'object' && typeof x !== 'function');

/**
 * An array, Map or Set with each element passed through `walk` (both ways across, the same); undefined
 * for any other object. Arrays of primitives (pages of ids) are kept as they are; holes stay holes.
 */
function copyContainer(v: object, walk: (x: unknown) => unknown, seen: Map<object, unknown>): unknown {
  if (Array.isArray(v)) {
    if (v.every(isPrimitive)) {
      seen.set(v, v);
      return v;
    }
    const out: unknown[] = new Array<unknown>(v.length);
    seen.set(v, out);
    v.forEach((x, i) => (out[i] = walk(x)));
    return out;
  }
  if (v instanceof Map) {
    const out = new Map<unknown, unknown>();
    seen.set(v, out);
    for (const [k, x] of v) out.set(walk(k), walk(x));
    return out;
  }
  if (v instanceof Set) {
    const out = new Set<unknown>();
    seen.set(v, out);
    for (const x of v) out.add(walk(x));
    return out;
  }
  return undefined;
}

function isPlain(o: object): boolean {
  const p = Object.getPrototypeOf(o) as object | null;
  return p === Object.prototype || p === null;
}

/**
 * `value` as data `postMessage` can carry, and the buffers to move with it (they are unusable here
 * afterwards). Shared references stay shared; functions and unregistered classes are refused.
 */
export function pack(value: unknown, classes: ClassRegistry): { data: unknown; transfer: ArrayBuffer[] } {
  const seen = new Map<object, unknown>();
  const transfer = new Set<ArrayBuffer>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'function')
      throw new TypeError(`cannot send a function (${v.name || 'anonymous'}) to another thread`);
    if (v === null || typeof v !== 'object') return v;
    const known = seen.get(v);
    if (known !== undefined) return known;
    if (ArrayBuffer.isView(v)) {
      // A view of part of a buffer (a pooled Buffer) is copied: moving it would take the rest too.
      const b = v.buffer;
      if (b instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === b.byteLength) transfer.add(b);
      seen.set(v, v);
      return v;
    }
    const copy = copyContainer(v, walk, seen);
    if (copy !== undefined) return copy;
    const fields: Record<string, unknown> = {};
    let out: Record<string, unknown> = fields;
    if (!isPlain(v)) {
      const c = (Object.getPrototypeOf(v) as { constructor: Class }).constructor;
      const name = classes.nameOf(c);
      if (name === undefined)
        throw new TypeError(
          `cannot send a ${c.name} to another thread: export its class where the registry looks`,
        );
      out = { [CLASS]: name, fields };
    }
    seen.set(v, out);
    for (const [k, x] of Object.entries(v)) fields[k] = walk(x);
    return out;
  };
  const data = walk(value);
  return { data, transfer: [...transfer] };
}

/** The value `pack` was given, its instances again of their classes. */
export function unpack(data: unknown, classes: ClassRegistry): unknown {
  const seen = new Map<object, unknown>();
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v;
    const known = seen.get(v);
    if (known !== undefined) return known;
    const copy = copyContainer(v, walk, seen);
    if (copy !== undefined) return copy;
    const o = v as Record<string, unknown>;
    const name = o[CLASS];
    let out: Record<string, unknown>;
    let fields = o;
    if (typeof name === 'string') {
      const c = classes.classOf(name);
      if (c === undefined) throw new TypeError(`no class ${name} to receive from another thread`);
      out = Object.create(c.prototype as object) as Record<string, unknown>;
      fields = o.fields as Record<string, unknown>;
    } else out = {};
    seen.set(v, out);
    for (const [k, x] of Object.entries(fields)) out[k] = walk(x);
    return out;
  };
  return walk(data);
}
