import type { z } from 'zod';
import { random } from '../audio/signals';

/**
 * Seeded random payloads for fuzzing the IPC contract: anything a transport can deliver (the
 * structured-clone types Electron's IPC carries, JSON from the web shell), hostile strings and
 * numbers, prototype-pollution keys, and payloads grown from a channel's own schema (valid, or one
 * mutation away from valid) so that fuzzing also reaches the handlers behind the parse.
 */
export class Fuzzer {
  private readonly next: () => number;
  /**
   * Real values for fields of these names (take ids the store holds, voices that exist, the open
   * project's chapters and blocks), used for most grown payloads so that they reach past "not
   * found" into the handlers' real work; an array field gets one of them.
   */
  readonly known = new Map<string, readonly string[]>();

  constructor(seed: number) {
    this.next = random(seed);
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  number(): number {
    return this.pick([
      0,
      -0,
      NaN,
      Infinity,
      -Infinity,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
      Number.MAX_SAFE_INTEGER + 2,
      -1,
      2 ** 31,
      1e21,
      this.int(100_000),
      (this.next() - 0.5) * 1e6,
      this.next(),
    ]);
  }

  /** Short strings of every awkward kind; a few MB now and then. */
  string(): string {
    const kind = this.int(20);
    if (kind === 0) return '';
    if (kind === 1) return this.pick([' ', '\t\n', '\u00a0\u2028']);
    if (kind === 2) {
      return this.pick([
        '__proto__',
        'constructor',
        'prototype',
        'toString',
        '../../../../etc/passwd',
        '..\\..\\Windows\\win.ini',
        '\\\\server\\share\\x',
        'C:\\Windows\\System32',
        '/dev/zero',
        'javascript:alert(1)',
        'file:///etc/passwd',
        'data:text/html,<script>alert(1)</script>',
        '<img src=x onerror=alert(1)>',
        '%00%2e%2e%2f',
        'NaN',
        '-1',
        'null',
        '{"__proto__":{"polluted":1}}',
      ]);
    }
    if (kind === 3) return String.fromCharCode(...Array.from({ length: 1 + this.int(40) }, () => this.int(0x10000)));
    if (kind === 4) return this.pick(['\ud800', 'a\u0000b', '\u202eevil', '😀'.repeat(1 + this.int(50)), 'é\u0301']);
    // One in about 60 strings is between 256 kB and 4 MB: past every schema limit but 'project:import-script' (5 MB).
    if (kind === 5 && this.chance(0.3)) {
      const unit = this.pick(['x', 'Hello world. ', '\u00e9']);
      return unit.repeat(Math.ceil(2 ** (18 + this.int(5)) / unit.length));
    }
    return this.words(1 + this.int(12));
  }

  private words(count: number): string {
    const words = ['hello', 'world', 'Stop.', 'take', 'the', 'A', 'voice', 'Dr.', '3.5', 'ok?', '…', '"quoted"'];
    return Array.from({ length: count }, () => this.pick(words)).join(' ');
  }

  /** Any value a transport could deliver, nested up to `depth`. */
  value(depth = 3): unknown {
    const kind = this.int(depth > 0 ? 16 : 9);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return undefined;
      case 2:
        return this.chance(0.5);
      case 3:
      case 4:
        return this.number();
      case 5:
      case 6:
        return this.string();
      case 7:
        return BigInt(this.int(1000)) ** 5n;
      case 8:
        return this.pick([
          new Date(this.int(2) ? NaN : 0),
          /x/g,
          new ArrayBuffer(this.int(64)),
          new Float32Array(this.int(16)).fill(NaN),
          new Uint8Array(this.int(64)),
          new Int16Array(3),
          new Float64Array([Infinity, -0]),
        ]);
      case 9:
      case 10:
        return Array.from({ length: this.int(5) }, () => this.value(depth - 1));
      case 11:
        // A long array: 1 000 to 20 000 elements.
        return new Array(1000 + this.int(19_000)).fill(this.value(0));
      case 12:
        return new Map([[this.string(), this.value(depth - 1)]]);
      case 13:
        return this.pollutingObject();
      default:
        return this.object(depth);
    }
  }

  private object(depth: number): Record<string, unknown> {
    const target: Record<string, unknown> = this.chance(0.2) ? Object.create(null) : {};
    for (let i = this.int(6); i > 0; i--) ownProperty(target, this.key(), this.value(depth - 1));
    return target;
  }

  private key(): string {
    return this.chance(0.3)
      ? this.pick(['__proto__', 'constructor', 'prototype', 'text', 'key', 'takeId', 'channel', 'request', 'url'])
      : this.string().slice(0, 30);
  }

  /** An object whose own keys try to reach Object.prototype when merged or assigned carelessly. */
  pollutingObject(base: Record<string, unknown> = {}): Record<string, unknown> {
    const target = { ...base };
    ownProperty(target, '__proto__', { polluted: 'yes', toString: 'polluted' });
    if (this.chance(0.5)) ownProperty(target, 'constructor', { prototype: { polluted: 'yes' } });
    return target;
  }

  /**
   * A request for `schema`: a third random values, a third grown from the schema (mostly valid),
   * a third grown and then mutated once (a key dropped, added or replaced, polluting keys, wrapped).
   */
  payload(schema: z.ZodType): unknown {
    const kind = this.int(3);
    if (kind === 0) return this.value();
    const grown = this.fromSchema(schema, 4);
    return kind === 1 ? grown : this.mutate(grown);
  }

  private mutate(value: unknown): unknown {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return this.value();
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(copy);
    switch (this.int(6)) {
      case 0:
        if (keys.length) delete copy[this.pick(keys)];
        return copy;
      case 1:
        ownProperty(copy, this.key(), this.value(1));
        return copy;
      case 2:
        if (keys.length) copy[this.pick(keys)] = this.value(1);
        return copy;
      case 3:
        return this.pollutingObject(copy);
      case 4:
        return [copy];
      default:
        return JSON.stringify(copy);
    }
  }

  /** A value the schema (zod 4) would mostly accept, built from its definition. */
  fromSchema(schema: z.ZodType, depth: number): unknown {
    const def = (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
    switch (def.type) {
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const [key, field] of Object.entries(def.shape!)) {
          const optional = (field as unknown as { _zod: { def: SchemaDef } })._zod.def.type === 'optional';
          if (optional && this.chance(0.4)) continue;
          const real = this.known.get(key);
          if (real?.length && this.chance(0.7)) out[key] = isArray(field) ? [this.pick(real)] : this.pick(real);
          else out[key] = this.fromSchema(field, depth - 1);
        }
        return out;
      }
      case 'optional':
        return this.fromSchema(def.innerType!, depth);
      case 'nullable':
        return this.chance(0.25) ? null : this.fromSchema(def.innerType!, depth);
      case 'default':
      case 'readonly':
      case 'nonoptional':
        return this.fromSchema(def.innerType!, depth);
      case 'pipe':
        return this.fromSchema(def.in!, depth);
      case 'lazy':
        return depth > 0 ? this.fromSchema(def.getter!(), depth - 1) : null;
      case 'union':
        return this.fromSchema(this.pick(def.options!), depth);
      case 'literal':
        return this.pick(def.values!);
      case 'enum':
        return this.pick(Object.values(def.entries!));
      case 'boolean':
        return this.chance(0.5);
      case 'number':
        return this.boundedNumber(def);
      case 'string':
        return this.boundedString(def);
      case 'array': {
        const { min, max } = bounds(def, 'min_length', 'max_length');
        const length = Math.max(min ?? 0, Math.min(max ?? 4, this.int(4)));
        return depth > 0 ? Array.from({ length }, () => this.fromSchema(def.element!, depth - 1)) : [];
      }
      case 'record':
        return { [this.words(1)]: this.fromSchema(def.valueType!, depth - 1) };
      default:
        return this.value(1);
    }
  }

  private boundedNumber(def: SchemaDef): number {
    const { min, max } = bounds(def, 'greater_than', 'less_than');
    const integer = (def.checks ?? []).some((c) => c._zod.def.check === 'number_format');
    const low = min ?? -1000;
    const high = max ?? low + 1000;
    const value = this.pick([low, high, low + this.next() * (high - low)]);
    return integer ? Math.round(value) : value;
  }

  private boundedString(def: SchemaDef): string {
    if (def.format === 'url') return this.pick(['http://127.0.0.1:9', 'ws://127.0.0.1:9/ws', 'https://127.0.0.1:9/v1']);
    const { min = 0, max = 200 } = bounds(def, 'min_length', 'max_length');
    const text = this.words(1 + this.int(8));
    const length = Math.max(min, Math.min(max, text.length));
    return text.padEnd(length, 'x').slice(0, length);
  }
}

interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  getter?: () => z.ZodType;
  options?: z.ZodType[];
  values?: unknown[];
  entries?: Record<string, unknown>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  format?: string;
  checks?: Array<{ _zod: { def: { check: string; minimum?: number; maximum?: number; value?: number } } }>;
}

/** Whether a field holds an array (under any optional/nullable wrapping). */
function isArray(schema: z.ZodType): boolean {
  let def = (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
  while ((def.type === 'optional' || def.type === 'nullable') && def.innerType) {
    def = (def.innerType as unknown as { _zod: { def: SchemaDef } })._zod.def;
  }
  return def.type === 'array';
}

/** The lower and upper limits among a schema's checks (`min_length`/`max_length`, `greater_than`/`less_than`). */
function bounds(def: SchemaDef, lower: string, upper: string): { min?: number; max?: number } {
  const out: { min?: number; max?: number } = {};
  for (const check of def.checks ?? []) {
    const { check: name, minimum, maximum, value } = check._zod.def;
    if (name === lower) out.min = minimum ?? value;
    if (name === upper) out.max = maximum ?? value;
  }
  return out;
}

/** Sets an own data property even for '__proto__', as JSON.parse and structured clone do. */
function ownProperty(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
}

/** A short, printable account of a payload for failure messages (the seed reproduces it exactly). */
export function describePayload(value: unknown): string {
  const seen = JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'bigint') return `${item}n`;
    if (typeof item === 'number' && !Number.isFinite(item)) return String(item);
    if (typeof item === 'string' && item.length > 80) return `${item.slice(0, 40)}…(${item.length} chars)`;
    if (Array.isArray(item) && item.length > 10) return `[${item.length} items]`;
    if (ArrayBuffer.isView(item)) return `${item.constructor.name}(${item.byteLength} bytes)`;
    return item;
  });
  return (seen ?? String(value)).slice(0, 400);
}
